import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config/config.schema';
import { CarnetController } from './carnet.controller';
import { ClaimCsvController } from './claim-csv.controller';
import { DossierPiecesController, LABELLING_FILES } from './dossier-pieces.controller';

/** Labelling routes whose edge does more than forward: the claim CSV and the batch carnets (PDF) as files, the dossiers' pieces streamed to the service's file port. */
@Module({})
export class LabellingEdgeModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: LabellingEdgeModule,
      controllers: [ClaimCsvController, CarnetController, DossierPiecesController],
      providers: [{ provide: LABELLING_FILES, useValue: { internalUrl: config.LABELLING_INTERNAL_URL, secret: config.LABELLING_EDGE_SECRET } }],
    };
  }
}
