import { Module } from '@nestjs/common';
import { CatalogueHandler } from './catalogue.handler';
import { CatalogueRepository } from './catalogue.repository';
import { CatalogueService } from './catalogue.service';

/** The référentiel de formation (modules by level, paths), public. */
@Module({
  controllers: [CatalogueHandler],
  providers: [CatalogueService, CatalogueRepository],
  exports: [CatalogueRepository],
})
export class CatalogueModule {}
