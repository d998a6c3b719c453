import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { StructureCreatedV1 } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { Structure, toSnapshot } from '../structures/structure.entity';
import { LieuWriter, type LieuWriteData } from '../lieux/lieu-writer';
import { DEMO_LIEUX, DEMO_STRUCTURE_ROWS, LIST_DEFAULTS } from './demo-data';

/** Demo structures and lieux for `npm start` (SEED_DEMO_DATA=true); idempotent, never in production. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly log = new Logger('DemoSeeder');
  constructor(
    @Inject('SEED_DEMO_DATA') private readonly enabled: boolean,
    private readonly outbox: Outbox,
    private readonly lieux: LieuWriter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    this.log.log(`demo data: ${await this.seedStructures()} structure(s) created`);
    this.log.log(`demo data: ${await this.seedLieux()} lieu(x) created`);
  }

  private async seedStructures(): Promise<number> {
    let created = 0;
    for (const d of DEMO_STRUCTURE_ROWS) {
      await this.outbox.run(async (m, events) => {
        const repo = m.getRepository(Structure);
        if (await repo.existsBy({ id: d.id })) return;
        const row = await repo.save(repo.create({ ...d, siret: null, rna: null, email: null, telephone: null }));
        events.record(StructureCreatedV1, { subject: row.id, data: toSnapshot(row), correlationId: 'demo-seed' });
        created += 1;
      });
    }
    return created;
  }

  private async seedLieux(): Promise<number> {
    let lieux = 0;
    for (const l of DEMO_LIEUX) {
      await this.outbox.run(async (m, events) => {
        // Created once: a later boot keeps the edits made during the demo and records no event.
        const found: unknown[] = await m.query(`SELECT 1 FROM lieu WHERE source = 'pin' AND source_id = $1`, [l.sourceId]);
        if (found.length > 0) return;
        const res = await this.lieux.save(m, events, {
          source: 'pin', sourceId: l.sourceId, structureId: l.structureId, data: { ...LIST_DEFAULTS, ...l.data } as LieuWriteData,
          extraFlags: ['demo'], mode: 'edit', correlationId: 'demo-seed',
        });
        if (res.created) lieux += 1;
      });
    }
    return lieux;
  }
}
