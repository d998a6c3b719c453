import { Module } from '@nestjs/common';
import { ExportService } from './export.service';
import { ExportsController } from './exports.controller';

/** Open-data exports of the active lieux: national standard v1.0.2 (CSV, JSON) and data.inclusion v1. */
@Module({
  controllers: [ExportsController],
  providers: [ExportService],
})
export class ExportsModule {}
