import { Module, type DynamicModule } from '@nestjs/common';
import { createS3Storage, FsStorage, OBJECT_STORAGE, type ObjectStorage } from '@pin/persistence/storage';
import type { LabellingConfig } from '../config/config.schema';
import { JournalModule } from '../journal/journal.module';
import { ProgrammesModule } from '../programmes/programmes.module';
import { PieceOrphans } from './piece-orphans';
import { PiecesEdgeServer, PIECES_CONFIG } from './pieces-edge.server';
import { PiecesHandler } from './pieces.handler';
import { PiecesService } from './pieces.service';

/** The service's own object storage for pieces (never the safe's: pieces are the structure's, not an usager's). */
export function createPieceStorage(config: LabellingConfig): ObjectStorage {
  return config.LABELLING_STORAGE === 's3'
    ? createS3Storage({ endpoint: config.S3_ENDPOINT, region: config.S3_REGION, bucket: config.S3_BUCKET, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY, forcePathStyle: config.S3_FORCE_PATH_STYLE })
    : new FsStorage(config.LABELLING_STORAGE_DIR);
}

/** Pieces (evidence files) of the dossiers: upload and download on the internal file port, removal over NATS. */
@Module({})
export class PiecesModule {
  static forRoot(config: LabellingConfig, storage: ObjectStorage = createPieceStorage(config)): DynamicModule {
    return {
      module: PiecesModule,
      imports: [JournalModule, ProgrammesModule],
      controllers: [PiecesHandler],
      providers: [PiecesService, PieceOrphans, PiecesEdgeServer, { provide: PIECES_CONFIG, useValue: config }, { provide: OBJECT_STORAGE, useValue: storage }],
      exports: [PiecesEdgeServer, PieceOrphans],
    };
  }
}
