import { randomUUID } from 'node:crypto';
import { CharterSignedV1, createEvent } from '@pin/contracts';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { HabilitationRepository } from '../src/habilitations/habilitation.repository';
import { JournalService } from '../src/journal/journal.service';
import { migrations } from '../src/migrations';
import { recordCharterSignature } from '../src/projections/labelling-charter/charter-events.consumer';

jest.setTimeout(60_000);

// Real PostgreSQL: the labelling service's charter signature is the prerequisite « charte signée »,
// whether it arrives before or after the referent's request; the referent's box stays a fallback.
describe('charter signatures in mandates (projection mandates-labelling)', () => {
  let t: TestDataSource;
  let journal: JournalService;
  const repo = new HabilitationRepository();
  const structureId = randomUUID();
  const signature = (aidantSub: string, version = 1) =>
    createEvent(CharterSignedV1, { source: 'pin/labelling', subject: randomUUID(), correlationId: randomUUID(), data: { signatureId: randomUUID(), aidantSub, structureId, version } });
  const request = async (sub: string, charteSignee: boolean) => {
    const id = randomUUID();
    await t.ds.transaction((m) => repo.insertRequest(m, { id, structureId, aidant: `u-${sub}`, aidantSub: sub, aidantNom: null, charteSignee, formationSuivie: false, requestedBy: 'referent' }));
    return id;
  };
  const charte = async (id: string) => (await t.ds.query(`SELECT charte_signee_le FROM habilitation WHERE id = $1`, [id]))[0].charte_signee_le as Date | null;

  beforeAll(async () => {
    t = await withTestDataSource({ prefix: 'mandates_charter', migrations, applicationName: 'charter-signature-spec' });
    journal = new JournalService(t.ds);
  });
  afterAll(async () => {
    await t?.teardown();
  });

  it('fills a pending request when the signature arrives, once, journaled with ids only', async () => {
    const id = await request('sub-after', false);
    expect(await charte(id)).toBeNull();
    const e = signature('sub-after');
    await t.ds.transaction((m) => recordCharterSignature(e, m, journal));
    expect((await charte(id))?.toISOString()).toBe(new Date(e.time).toISOString());
    await t.ds.transaction((m) => recordCharterSignature(e, m, journal));
    const entries = await t.ds.query(`SELECT structure_id, actor_sub, data FROM journal_entry WHERE action = 'habilitation.charte_signee'`);
    expect(entries).toEqual([{ structure_id: structureId, actor_sub: null, data: { habilitationId: id, aidantSub: 'sub-after', version: 1, signatureId: e.data.signatureId } }]);
    expect(await journal.verify()).toMatchObject({ ok: true });
  });

  it('a request made after the signature starts with « charte signée »; the referent’s box remains the fallback', async () => {
    await t.ds.transaction((m) => recordCharterSignature(signature('sub-before', 2), m, journal));
    expect(await charte(await request('sub-before', false))).not.toBeNull();
    expect(await charte(await request('sub-unsigned', false))).toBeNull();
    expect(await charte(await request('sub-box', true))).not.toBeNull();
  });
});
