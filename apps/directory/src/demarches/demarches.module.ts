import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Demarche } from './demarche.entity';
import { DemarchesHandler } from './demarches.handler';
import { DemarchesService } from './demarches.service';

/** The démarches catalogue (référentiel d'activités). */
@Module({
  imports: [TypeOrmModule.forFeature([Demarche])],
  controllers: [DemarchesHandler],
  providers: [DemarchesService],
})
export class DemarchesModule {}
