import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config/config.schema';
import { TrainingFilesController, TRAINING_PUBLIC_URL } from './training-files.controller';

/** Training routes whose edge does more than forward: the PDF attestation and the .ics calendar. */
@Module({})
export class TrainingEdgeModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: TrainingEdgeModule,
      controllers: [TrainingFilesController],
      providers: [{ provide: TRAINING_PUBLIC_URL, useValue: config.PUBLIC_URL.replace(/\/$/, '') }],
    };
  }
}
