import { randomUUID } from 'node:crypto';
import { CertificationGrantedV1, CertificationWithdrawnV1, createEvent, PixRecordedV1, rpc, type UserContext } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { withTestDataSource, type TestDataSource } from '@pin/testing';
import { HabilitationRepository } from '../src/habilitations/habilitation.repository';
import { HabilitationsService } from '../src/habilitations/habilitations.service';
import { JournalService } from '../src/journal/journal.service';
import { MemberRepository } from '../src/members/member.repository';
import { migrations } from '../src/migrations';
import { recordCertification, recordPix, withdrawCertification } from '../src/projections/training-certifications/certification-events.consumer';

jest.setTimeout(60_000);

// Real PostgreSQL: « test PIX réussi » from pin.training.pix.recorded.v1 (required for a grant when
// HABILITATION_PIX_REQUIRED), and the withdrawal of a certification (pin.training.certification.withdrawn.v1).
describe('PIX results and withdrawn certifications in mandates (projections mandates-training, mandates-training-pix)', () => {
  let t: TestDataSource;
  let journal: JournalService;
  const repo = new HabilitationRepository();
  const structureId = randomUUID();
  const ANIMATEUR: UserContext = { sub: 'sub-animateur', username: 'animateur', name: 'Anne Animatrice', roles: ['animateur'], structures: [] };
  const ev = {
    certification: (aidantSub: string, attestationId = randomUUID()) =>
      createEvent(CertificationGrantedV1, { source: 'pin/training', subject: attestationId, correlationId: randomUUID(), data: { aidantSub, pathId: 'parcours-aidant', attestationId } }),
    withdrawn: (aidantSub: string, attestationId: string) =>
      createEvent(CertificationWithdrawnV1, { source: 'pin/training', subject: attestationId, correlationId: randomUUID(), data: { aidantSub, pathId: 'parcours-aidant', attestationId } }),
    pix: (aidantSub: string, meetsThreshold: boolean) => {
      const pixResultId = randomUUID();
      return createEvent(PixRecordedV1, { source: 'pin/training', subject: pixResultId, correlationId: randomUUID(), data: { pixResultId, aidantSub, structureId, passedOn: '2026-11-20', meetsThreshold } });
    },
  };
  const request = async (sub: string, formationSuivie = false, structure = structureId) => {
    const id = randomUUID();
    await t.ds.transaction((m) => repo.insertRequest(m, { id, structureId: structure, aidant: `u-${sub}`, aidantSub: sub, aidantNom: null, charteSignee: true, formationSuivie, requestedBy: 'referent' }));
    return id;
  };
  const row = async (id: string) =>
    ((await t.ds.query(`SELECT statut, formation_suivie_le, pix_reussi_le, certification_retiree_le FROM habilitation WHERE id = $1`, [id])) as Array<{ statut: string; formation_suivie_le: Date | null; pix_reussi_le: Date | null; certification_retiree_le: Date | null }>)[0];
  const apply = <E>(fn: (e: E, m: import('typeorm').EntityManager, j: JournalService) => Promise<void>, e: E) => t.ds.transaction((m) => fn(e, m, journal));
  const service = (pixRequired: boolean) => new HabilitationsService(new Outbox(t.ds, 'pin/mandates'), journal, repo, new MemberRepository(), { pixRequired });
  const decide = (s: HabilitationsService, id: string) => s.decide(ANIMATEUR, rpc({ params: { id, decision: 'accorder' }, body: {} }));
  const codeOf = async (p: Promise<unknown>) => p.then(() => 'OK', (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`);

  beforeAll(async () => {
    t = await withTestDataSource({ prefix: 'mandates_pix', migrations, applicationName: 'pix-withdrawal-spec' });
    journal = new JournalService(t.ds);
  });
  afterAll(async () => {
    await t?.teardown();
  });

  it('with HABILITATION_PIX_REQUIRED, a grant is refused with a code until the PIX event arrives, then accepted without anyone ticking a box', async () => {
    const id = await request('sub-pix', true);
    const strict = service(true);
    expect(await codeOf(decide(strict, id))).toMatch(/^HABILITATION\.PIX_REQUIRED: L'aidant doit avoir réussi le test PIX/);
    // A result below the threshold is kept but changes nothing.
    await apply(recordPix, ev.pix('sub-pix', false));
    expect((await row(id)).pix_reussi_le).toBeNull();
    expect(await codeOf(decide(strict, id))).toMatch(/^HABILITATION\.PIX_REQUIRED/);
    const passed = ev.pix('sub-pix', true);
    await apply(recordPix, passed);
    await apply(recordPix, passed); // redelivered: no second journal entry
    expect((await row(id)).pix_reussi_le?.toISOString()).toBe(new Date(passed.time).toISOString());
    expect(await t.ds.query(`SELECT data FROM journal_entry WHERE action = 'habilitation.pix_reussi'`)).toEqual([
      { data: { habilitationId: id, aidantSub: 'sub-pix', pixResultId: passed.data.pixResultId, passeLe: '2026-11-20' } },
    ]);
    expect(await decide(strict, id)).toMatchObject({ statut: 'accordee', pixReussi: true });
    expect(await journal.verify()).toMatchObject({ ok: true });
  });

  it('without it (the default), the grant does not wait for PIX; a request made after a passed PIX starts with « test PIX réussi »', async () => {
    expect(await decide(service(false), await request('sub-nopix', true))).toMatchObject({ statut: 'accordee', pixReussi: false });
    await apply(recordPix, ev.pix('sub-pix-before', true));
    expect((await row(await request('sub-pix-before'))).pix_reussi_le).not.toBeNull();
  });

  it('a withdrawn certification clears « formation suivie » of the pending requests that relied on it (journaled), and flags — never withdraws — a granted habilitation', async () => {
    const cert = ev.certification('sub-w');
    const certGranted = ev.certification('sub-w-granted');
    const granted = await request('sub-w-granted');
    await apply(recordCertification, certGranted);
    await decide(service(false), granted);
    const pending = await request('sub-w');
    const other = await request('sub-w-other', true); // the referent's declaration, not the certification
    await apply(recordCertification, cert);
    expect((await row(pending)).formation_suivie_le).not.toBeNull();

    await apply(withdrawCertification, ev.withdrawn('sub-w', cert.data.attestationId));
    await apply(withdrawCertification, ev.withdrawn('sub-w-granted', certGranted.data.attestationId));
    expect(await row(pending)).toMatchObject({ statut: 'demandee', formation_suivie_le: null, certification_retiree_le: expect.any(Date) });
    expect(await row(granted)).toMatchObject({ statut: 'accordee', formation_suivie_le: expect.any(Date), certification_retiree_le: expect.any(Date) });
    expect(await row(other)).toMatchObject({ formation_suivie_le: expect.any(Date), certification_retiree_le: null });

    const entries = (await t.ds.query(`SELECT data FROM journal_entry WHERE action = 'habilitation.certification_retiree' ORDER BY seq`)) as Array<{ data: Record<string, unknown> }>;
    expect(entries.map((e) => [e.data.habilitationId, e.data.statut, e.data.formationRetiree])).toEqual([
      [pending, 'demandee', true],
      [granted, 'accordee', false],
    ]);
    // A new request (another structure) does not count the withdrawn certification.
    expect((await row(await request('sub-w', false, randomUUID()))).formation_suivie_le).toBeNull();
    // The presenter shows the flag to the référent and the animateur.
    const grantedView = (await service(false).list(ANIMATEUR, rpc({ query: { structureId } }))).items.find((h) => h.id === granted)!;
    expect(grantedView).toMatchObject({ statut: 'accordee', certificationRetireeLe: expect.any(String) });
    // Redelivered: nothing more.
    await apply(withdrawCertification, ev.withdrawn('sub-w', cert.data.attestationId));
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM journal_entry WHERE action = 'habilitation.certification_retiree'`)).toEqual([{ n: 2 }]);
    expect(await journal.verify()).toMatchObject({ ok: true });
  });
});
