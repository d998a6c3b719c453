import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OpeningHoursModule } from '../opening-hours/opening-hours.module';
import { Structure } from '../structures/structure.entity';
import { Lieu } from './lieu.entity';
import { LieuWriter } from './lieu-writer';
import { LieuxHandler } from './lieux.handler';
import { LieuxService } from './lieux.service';

/** Lieux: the single write path (LieuWriter, also used by imports) and the edit/detail use cases. */
@Module({
  imports: [TypeOrmModule.forFeature([Lieu, Structure]), OpeningHoursModule],
  controllers: [LieuxHandler],
  providers: [LieuWriter, LieuxService],
  exports: [LieuWriter, LieuxService],
})
export class LieuxModule {}
