import { randomUUID } from 'node:crypto';
import { CertificationGrantedV1, createEvent } from '@pin/contracts';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { HabilitationRepository } from '../src/habilitations/habilitation.repository';
import { JournalService } from '../src/journal/journal.service';
import { migrations } from '../src/migrations';
import { recordCertification } from '../src/projections/training-certifications/certification-events.consumer';

jest.setTimeout(60_000);

// Real PostgreSQL: the training service's certification is the prerequisite « formation suivie »,
// whether it arrives before or after the referent's request.
describe('training certifications in mandates (projection mandates-training)', () => {
  let t: TestDataSource;
  let journal: JournalService;
  const repo = new HabilitationRepository();
  const structureId = randomUUID();
  const certification = (aidantSub: string) =>
    createEvent(CertificationGrantedV1, { source: 'pin/training', subject: randomUUID(), correlationId: randomUUID(), data: { aidantSub, pathId: 'parcours-aidant', attestationId: randomUUID() } });
  const request = async (sub: string, formationSuivie: boolean) => {
    const id = randomUUID();
    await t.ds.transaction((m) => repo.insertRequest(m, { id, structureId, aidant: `u-${sub}`, aidantSub: sub, aidantNom: null, charteSignee: true, formationSuivie, requestedBy: 'referent' }));
    return id;
  };
  const formation = async (id: string) => (await t.ds.query(`SELECT formation_suivie_le FROM habilitation WHERE id = $1`, [id]))[0].formation_suivie_le as Date | null;

  beforeAll(async () => {
    t = await withTestDataSource({ prefix: 'mandates_training', migrations, applicationName: 'training-certification-spec' });
    journal = new JournalService(t.ds);
  });
  afterAll(async () => {
    await t?.teardown();
  });

  it('fills a pending request when the certification arrives, once', async () => {
    const id = await request('sub-after', false);
    expect(await formation(id)).toBeNull();
    const e = certification('sub-after');
    await t.ds.transaction((m) => recordCertification(e, m, journal));
    expect((await formation(id))?.toISOString()).toBe(new Date(e.time).toISOString());
    await t.ds.transaction((m) => recordCertification(certification('sub-after'), m, journal));
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM training_certification WHERE aidant_sub = 'sub-after'`)).toEqual([{ n: 1 }]);
    // Journaled once (the second event changes nothing), ids only, and the chain still verifies.
    const entries = await t.ds.query(`SELECT structure_id, actor_sub, data FROM journal_entry WHERE action = 'habilitation.formation_certifiee'`);
    expect(entries).toEqual([{ structure_id: structureId, actor_sub: null, data: { habilitationId: id, aidantSub: 'sub-after', parcours: 'parcours-aidant', attestationId: e.data.attestationId } }]);
    expect(await journal.verify()).toMatchObject({ ok: true });
  });

  it('a request made after the certification starts with « formation suivie »; other aidants are untouched', async () => {
    await t.ds.transaction((m) => recordCertification(certification('sub-before'), m, journal));
    expect(await formation(await request('sub-before', false))).not.toBeNull();
    expect(await formation(await request('sub-other', false))).toBeNull();
  });
});
