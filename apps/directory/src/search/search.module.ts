import { Module, type DynamicModule } from '@nestjs/common';
import { OpeningHoursModule } from '../opening-hours/opening-hours.module';
import { SearchHandler } from './search.handler';
import { HOME_DEPARTEMENT, SearchService } from './search.service';

/** Public search of lieux (snapshot + PostgreSQL full text) and the communes référentiel; re-exports OpeningHoursModule. */
@Module({})
export class SearchModule {
  static forRoot(o: { homeDepartement: string }): DynamicModule {
    return {
      module: SearchModule,
      imports: [OpeningHoursModule],
      controllers: [SearchHandler],
      providers: [SearchService, { provide: HOME_DEPARTEMENT, useValue: o.homeDepartement }],
      exports: [SearchService, OpeningHoursModule],
    };
  }
}
