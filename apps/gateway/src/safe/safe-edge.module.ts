import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config/config.schema';
import { SAFE_EDGE, SafeFilesController } from './safe-files.controller';

/** The safe's file routes (uploads, single-use downloads): streamed to the safe's internal port. */
@Module({})
export class SafeEdgeModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: SafeEdgeModule,
      controllers: [SafeFilesController],
      providers: [{ provide: SAFE_EDGE, useValue: { internalUrl: config.SAFE_INTERNAL_URL, secret: config.SAFE_EDGE_SECRET } }],
    };
  }
}
