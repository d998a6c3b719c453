import { Module } from '@nestjs/common';
import { OpeningHoursModule } from '../opening-hours/opening-hours.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** Public search of lieux (snapshot + PostgreSQL full text) and the communes référentiel; re-exports OpeningHoursModule. */
@Module({
  imports: [OpeningHoursModule],
  controllers: [SearchController],
  providers: [SearchService],
  exports: [SearchService, OpeningHoursModule],
})
export class SearchModule {}
