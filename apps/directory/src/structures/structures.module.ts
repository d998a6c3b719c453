import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Structure } from './structure.entity';
import { StructuresHandler } from './structures.handler';
import { StructuresService } from './structures.service';

@Module({
  imports: [TypeOrmModule.forFeature([Structure])],
  controllers: [StructuresHandler],
  providers: [StructuresService],
  exports: [StructuresService],
})
export class StructuresModule {}
