import { Module } from '@nestjs/common';
import { ExportService } from './export.service';
import { ExportsHandler } from './exports.handler';

/** Open-data exports of the active lieux: national standard v1.0.2 (CSV, JSON) and data.inclusion v1. */
@Module({
  controllers: [ExportsHandler],
  providers: [ExportService],
})
export class ExportsModule {}
