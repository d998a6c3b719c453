import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DEMO_STRUCTURES, StructureCreatedV1 } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { Structure, toSnapshot } from '../structures/structure.entity';

const DEMO = [
  { id: DEMO_STRUCTURES.montDeMarsan, nom: '[Démo] Médiathèque du Marsan', commune: 'Mont-de-Marsan', codeInsee: '40192' },
  { id: DEMO_STRUCTURES.dax, nom: '[Démo] France Services de Dax', commune: 'Dax', codeInsee: '40088' },
];

/** Demo structures for `npm start` (SEED_DEMO_DATA=true); idempotent, never in production. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly log = new Logger('DemoSeeder');
  constructor(
    @Inject('SEED_DEMO_DATA') private readonly enabled: boolean,
    private readonly outbox: Outbox,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    let created = 0;
    for (const d of DEMO) {
      await this.outbox.run(async (m, events) => {
        const repo = m.getRepository(Structure);
        if (await repo.existsBy({ id: d.id })) return;
        const row = await repo.save(repo.create({ ...d, siret: null, rna: null, email: null, telephone: null }));
        events.record(StructureCreatedV1, { subject: row.id, data: toSnapshot(row), correlationId: 'demo-seed' });
        created += 1;
      });
    }
    this.log.log(`demo data: ${created} structure(s) created`);
  }
}
