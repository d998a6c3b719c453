import { Module, type DynamicModule } from '@nestjs/common';
import type { TrainingConfig } from '../config/config.schema';
import { AttestationsModule } from '../attestations/attestations.module';
import { PixHandler } from './pix.handler';
import { PIX_SETTINGS, PixService } from './pix.service';

/** PIX results recorded by referents with proof, announced to mandates (« test PIX réussi »). */
@Module({})
export class PixModule {
  static forRoot(config: Pick<TrainingConfig, 'TRAINING_PIX_MIN_SCORE'>): DynamicModule {
    return {
      module: PixModule,
      imports: [AttestationsModule],
      controllers: [PixHandler],
      providers: [PixService, { provide: PIX_SETTINGS, useValue: { minScore: config.TRAINING_PIX_MIN_SCORE } }],
    };
  }
}
