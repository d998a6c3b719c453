import { Module } from '@nestjs/common';
import { OpeningHoursModule } from '../opening-hours/opening-hours.module';
import { SearchHandler } from './search.handler';
import { SearchService } from './search.service';

/** Public search of lieux (snapshot + PostgreSQL full text) and the communes référentiel; re-exports OpeningHoursModule. */
@Module({
  imports: [OpeningHoursModule],
  controllers: [SearchHandler],
  providers: [SearchService],
  exports: [SearchService, OpeningHoursModule],
})
export class SearchModule {}
