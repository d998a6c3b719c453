import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KnownStructure } from './known-structure.entity';
import { StructureEventsHandler } from './structure-events.handler';
import { KnownStructuresController } from './structures.controller';

@Module({
  imports: [TypeOrmModule.forFeature([KnownStructure])],
  controllers: [KnownStructuresController],
  providers: [StructureEventsHandler],
})
export class KnownStructuresModule {}
