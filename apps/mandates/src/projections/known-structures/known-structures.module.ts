import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KnownStructure } from './known-structure.entity';
import { KnownStructuresHandler } from './known-structures.handler';
import { StructureEventsConsumer } from './structure-events.consumer';

/** Projection of the directory's structures (`known_structure`), fed by its events; mandates never reads the directory's tables. */
@Module({
  imports: [TypeOrmModule.forFeature([KnownStructure])],
  controllers: [KnownStructuresHandler],
  providers: [StructureEventsConsumer],
})
export class KnownStructuresModule {}
