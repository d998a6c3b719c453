import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS_CONNECTION } from '@pin/jobs';
import { ImportService } from '../imports/import.service';

export const DEMO_IMPORT = Symbol('DEMO_IMPORT');
export interface DemoImportSettings {
  enabled: boolean;
  /** Path of the Hinaura fixture (v0.1 JSON); '' disables the demo import. */
  fixturePath: string;
}
/** Source name of the demo import. */
export const DEMO_SOURCE = 'hinaura';
export const IMPORT_FILE_TTL_SECONDS = 24 * 3600;

/**
 * `npm start` demo: imports the real Hinaura fixture once (source « hinaura ») through the same
 * job as a user import. Skipped when demo data is off, when the file is absent, or when an import
 * of that source was already recorded.
 */
@Injectable()
export class DemoImport implements OnApplicationBootstrap {
  private readonly log = new Logger('DemoImport');
  constructor(
    @Inject(DEMO_IMPORT) private readonly settings: DemoImportSettings,
    private readonly ds: DataSource,
    private readonly imports: ImportService,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { enabled, fixturePath } = this.settings;
    if (!enabled || !fixturePath) return;
    if (!existsSync(fixturePath)) {
      this.log.warn(`demo fixture not found (${fixturePath}): no demo lieux imported`);
      return;
    }
    const [done] = (await this.ds.query(`SELECT 1 FROM lieu_import WHERE source = $1 AND demande_par = 'demo' LIMIT 1`, [DEMO_SOURCE])) as unknown[];
    if (done) return;
    const fileKey = `pin:import:file:${randomUUID()}`;
    await this.redis.set(fileKey, readFileSync(fixturePath), 'EX', IMPORT_FILE_TTL_SECONDS);
    const view = await this.imports.create({ fileKey, format: 'v0.1-json', source: DEMO_SOURCE, filename: 'hinaura-687-lieux-v0.1.json' }, 'demo');
    this.log.log(`demo import ${view.id} of ${fixturePath} enqueued`);
  }
}
