import { randomUUID } from 'node:crypto';
import { CharterPublishedV1, CharterSignedV1, createEvent } from '@pin/contracts';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { HabilitationRepository } from '../src/habilitations/habilitation.repository';
import { JournalService } from '../src/journal/journal.service';
import { migrations } from '../src/migrations';
import { recordCharterPublication, recordCharterSignature } from '../src/projections/labelling-charter/charter-events.consumer';

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
  const request = async (sub: string, charteSignee: boolean, structure = structureId) => {
    const id = randomUUID();
    await t.ds.transaction((m) => repo.insertRequest(m, { id, structureId: structure, aidant: `u-${sub}`, aidantSub: sub, aidantNom: null, charteSignee, formationSuivie: false, requestedBy: 'referent' }));
    return id;
  };
  const publication = (version: number) => createEvent(CharterPublishedV1, { source: 'pin/labelling', subject: `charte-${version}`, correlationId: randomUUID(), data: { version } });
  const flags = async (id: string) =>
    (await t.ds.query(`SELECT charte_signee_le IS NOT NULL AS signee, charte_a_signer_version AS version FROM habilitation WHERE id = $1`, [id]))[0] as { signee: boolean; version: number | null };
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

  it('a new version: pending requests lose « charte signée », granted ones stay granted but flagged; the new signature restores both', async () => {
    await t.ds.transaction((m) => recordCharterSignature(signature('sub-v', 2), m, journal));
    const pending = await request('sub-v', false);
    const granted = await request('sub-v', false, randomUUID());
    await t.ds.query(`UPDATE habilitation SET statut = 'accordee' WHERE id = $1`, [granted]);
    const boxOnly = await request('sub-box-v', true);
    expect(await flags(pending)).toEqual({ signee: true, version: null });

    await t.ds.transaction((m) => recordCharterPublication(publication(3), m, journal));
    await t.ds.transaction((m) => recordCharterPublication(publication(3), m, journal));
    expect(await flags(pending)).toEqual({ signee: false, version: 3 });
    expect(await flags(granted)).toEqual({ signee: true, version: 3 });
    expect((await t.ds.query(`SELECT statut FROM habilitation WHERE id = $1`, [granted]))[0].statut).toBe('accordee');
    // The référent's box vouched for an older text: it no longer counts either.
    expect(await flags(boxOnly)).toEqual({ signee: false, version: 3 });
    // A new request needs the new version: the old signature does not count; a late old signature neither.
    const fresh = await request('sub-v', false, randomUUID());
    expect(await charte(fresh)).toBeNull();
    await t.ds.transaction((m) => recordCharterSignature(signature('sub-v', 2), m, journal));
    expect(await flags(pending)).toEqual({ signee: false, version: 3 });

    await t.ds.transaction((m) => recordCharterSignature(signature('sub-v', 3), m, journal));
    expect(await flags(pending)).toEqual({ signee: true, version: null });
    expect(await flags(granted)).toEqual({ signee: true, version: null });
    expect(await charte(fresh)).not.toBeNull();
    expect(await charte(await request('sub-v', false, randomUUID()))).not.toBeNull();
    const resign = await t.ds.query(`SELECT data FROM journal_entry WHERE action = 'habilitation.charte_a_resigner' ORDER BY seq`);
    const mine = new Set<string>([pending, granted, boxOnly]);
    const entries = resign.filter((e: { data: { habilitationId: string } }) => mine.has(e.data.habilitationId));
    expect(entries.map((e: { data: { habilitationId: string; charteRetiree: boolean } }) => [e.data.habilitationId, e.data.charteRetiree]).sort()).toEqual(
      [[pending, true], [granted, false], [boxOnly, true]].sort(),
    );
    expect(await journal.verify()).toMatchObject({ ok: true });
  });
});
