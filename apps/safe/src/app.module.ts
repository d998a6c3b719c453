import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { STREAMS } from '@pin/contracts';
import { ServiceKit } from '@pin/service-kit';
import { MandatesClient } from './access/mandates.client';
import { SafeAccess } from './access/safe-access.service';
import { SAFE_CONFIG, type SafeConfig } from './config/config.schema';
import { DocumentCrypto } from './crypto/document-crypto';
import { KeyRing } from './crypto/key-ring';
import { DOCUMENT_CRYPTO, DocumentsService } from './documents/documents.service';
import { PortabilityService } from './documents/portability.service';
import { EdgeHttpServer } from './edge/edge-http.server';
import { SafeJournal } from './journal/journal.service';
import { migrations } from './migrations';
import { MandateEventsConsumer } from './projections/mandates/mandate-events.consumer';
import { SafeHandler } from './safe.handler';
import { SharesService } from './shares/shares.service';
import { SharedWithMeService } from './shares/shared-with-me.service';
import { createS3Storage, FsStorage, OBJECT_STORAGE, type ObjectStorage } from '@pin/persistence/storage';
import { ExpiryReminders } from './reminders/expiry-reminders.service';
import { RemindersWorker } from './reminders/reminders.worker';
import { OrphanSweep } from './storage/orphan-sweep.service';

export const SERVICE = 'safe';

export function createStorage(config: SafeConfig): ObjectStorage {
  if (config.SAFE_STORAGE !== 's3') return new FsStorage(config.SAFE_STORAGE_DIR);
  // Loaded only when configured: the AWS SDK adds about 20 MB to the memory of a safe storing on a filesystem.
  return createS3Storage({ endpoint: config.S3_ENDPOINT, region: config.S3_REGION, bucket: config.S3_BUCKET, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY, forcePathStyle: config.S3_FORCE_PATH_STYLE });
}

@Global()
@Module({})
class SafeCoreModule implements OnApplicationShutdown {
  constructor(@Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage) {}

  onApplicationShutdown(): void {
    this.storage.close?.();
  }

  static forRoot(config: SafeConfig, storage: ObjectStorage): DynamicModule {
    return {
      module: SafeCoreModule,
      providers: [
        { provide: SAFE_CONFIG, useValue: config },
        { provide: OBJECT_STORAGE, useValue: storage },
        { provide: DOCUMENT_CRYPTO, useValue: new DocumentCrypto(new KeyRing(config.SAFE_KEKS, config.SAFE_KEK_CURRENT)) },
      ],
      exports: [SAFE_CONFIG, OBJECT_STORAGE, DOCUMENT_CRYPTO],
    };
  }
}

/** The digital safe: documents encrypted at rest, shared under mandate and consent, journaled, exportable. */
@Module({})
export class AppModule {
  static forRoot(config: SafeConfig, storage: ObjectStorage = createStorage(config)): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKit.forRoot({ service: SERVICE, config, entities: [], migrations, streams: [STREAMS.safe] }), SafeCoreModule.forRoot(config, storage)],
      controllers: [SafeHandler],
      providers: [MandatesClient, SafeAccess, SafeJournal, DocumentsService, SharesService, SharedWithMeService, PortabilityService, MandateEventsConsumer, EdgeHttpServer, ExpiryReminders, RemindersWorker, OrphanSweep],
    };
  }
}
