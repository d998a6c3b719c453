import { Module } from '@nestjs/common';
import { AttestationsModule } from '../attestations/attestations.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { AttendanceService } from './attendance.service';
import { RegistrationsService } from './registrations.service';
import { SessionRepository } from './session.repository';
import { SessionsHandler } from './sessions.handler';
import { SessionsService } from './sessions.service';

/** Sessions, registrations with a waiting list, attendance and completion. */
@Module({
  imports: [CatalogueModule, AttestationsModule],
  controllers: [SessionsHandler],
  providers: [SessionsService, RegistrationsService, AttendanceService, SessionRepository],
})
export class SessionsModule {}
