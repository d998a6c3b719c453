import { Module } from '@nestjs/common';
import { JournalModule } from '../journal/journal.module';
import { CharterHandler } from './charter.handler';
import { CharterService } from './charter.service';

/** The charte de l'aidant: versions and signatures. */
@Module({ imports: [JournalModule], controllers: [CharterHandler], providers: [CharterService] })
export class CharterModule {}
