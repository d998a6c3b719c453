import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Demarche } from './demarche.entity';
import { DemarchesController } from './demarches.controller';
import { DemarchesService } from './demarches.service';

/** The démarches catalogue (référentiel d'activités). */
@Module({
  imports: [TypeOrmModule.forFeature([Demarche])],
  controllers: [DemarchesController],
  providers: [DemarchesService],
})
export class DemarchesModule {}
