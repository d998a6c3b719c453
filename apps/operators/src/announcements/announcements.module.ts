import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { AnnouncementsHandler } from './announcements.handler';
import { AnnouncementsService } from './announcements.service';

/** Announcements of the operators to the aidants (veille téléservices) and their acknowledgements. */
@Module({ imports: [IntakeModule], controllers: [AnnouncementsHandler], providers: [AnnouncementsService] })
export class AnnouncementsModule {}
