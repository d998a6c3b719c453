import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LieuxModule } from '../lieux/lieux.module';
import { Signalement } from './signalement.entity';
import { SignalementsHandler } from './signalements.handler';
import { SignalementsService } from './signalements.service';

/** Signalements (reports) on lieux and their resolution. */
@Module({
  imports: [TypeOrmModule.forFeature([Signalement]), LieuxModule],
  controllers: [SignalementsHandler],
  providers: [SignalementsService],
})
export class SignalementsModule {}
