import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config/config.schema';
import { AttestationsController, MANDATES_PUBLIC_URL } from './attestations.controller';

/** Mandates routes whose edge does more than forward: the PDF attestations. */
@Module({})
export class MandatesEdgeModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: MandatesEdgeModule,
      controllers: [AttestationsController],
      providers: [{ provide: MANDATES_PUBLIC_URL, useValue: config.PUBLIC_URL.replace(/\/$/, '') }],
    };
  }
}
