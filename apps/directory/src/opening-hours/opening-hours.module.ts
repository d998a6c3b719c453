import { Module } from '@nestjs/common';
import { OpeningHoursService } from './opening-hours.service';

/** Import this module to get OpeningHoursService (ouvert maintenant, horaires en clair). */
@Module({ providers: [OpeningHoursService], exports: [OpeningHoursService] })
export class OpeningHoursModule {}
