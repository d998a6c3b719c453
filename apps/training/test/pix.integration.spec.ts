import { Outbox } from '@pin/messaging';
import { PixRecordedV1, rpc } from '@pin/contracts';
import { AttestationRepository } from '../src/attestations/attestation.repository';
import { CompletionService } from '../src/attestations/completion.service';
import { PixService } from '../src/pix/pix.service';
import { aidant, ANIMATEUR, codeOf, REFERENT, STRUCTURE, trainingFixture } from './training.fixture';

jest.setTimeout(60_000);

// Real PostgreSQL: the referent records a PIX result with the certificate's verification code.
describe('PIX results (real PostgreSQL)', () => {
  let f: Awaited<ReturnType<typeof trainingFixture>>;
  let pix: PixService;
  const body = (over: Record<string, unknown> = {}) => ({ aidant: { username: 'aidant-pix', nom: 'Paula Pix' }, score: 312, date: '2026-11-20', preuve: { codeVerification: 'p-ab12cd34' }, ...over });

  beforeAll(async () => {
    f = await trainingFixture('training_pix', 5);
    const repo = new AttestationRepository();
    pix = new PixService(f.ds, new Outbox(f.ds, 'pin/training'), repo, new CompletionService(repo), { minScore: 64 });
  });
  afterAll(async () => {
    await f?.t.teardown();
  });

  it('is recorded by the referent of the structure, with its proof, and read by them, the aidant and the network', async () => {
    const r = await pix.record(REFERENT, rpc({ body: body() }));
    expect(r).toMatchObject({ structureId: STRUCTURE, score: 312, date: '2026-11-20', preuve: { codeVerification: 'P-AB12CD34' }, enregistrePar: 'referent' });
    expect((await pix.list(REFERENT, rpc({ query: {} }))).items).toHaveLength(1);
    expect((await pix.list(aidant('pix'), rpc({ query: {} }))).items).toHaveLength(1);
    expect((await pix.list(aidant('other'), rpc({ query: {} }))).items).toHaveLength(0);
    expect((await pix.list(ANIMATEUR, rpc({ query: {} }))).items).toHaveLength(1);
  });

  it('announces the result to mandates (pin.training.pix.recorded.v1, ids only) once the aidant is known, with whether it meets the threshold', async () => {
    // aidant-known registered to a session first (their subject id is known): the event goes out with the record.
    const s = await f.session({ moduleId: 'savoir-etre', capacite: 5 });
    await f.register(aidant('known'), s.id);
    const r = (await pix.record(REFERENT, rpc({ body: body({ aidant: { username: 'aidant-known', nom: 'Karima Known' }, score: 64 }) }))) as { id: string; seuilAtteint: boolean };
    expect(r.seuilAtteint).toBe(true);
    let events = (await f.outboxEvents(PixRecordedV1.type)).filter((e) => e.data.aidantSub === 'sub-aidant-known');
    expect(events.map((e) => e.data)).toEqual([{ pixResultId: r.id, aidantSub: 'sub-aidant-known', structureId: STRUCTURE, passedOn: '2026-11-20', meetsThreshold: true }]);
    expect(PixRecordedV1.schema.safeParse(events[0].data).success).toBe(true);
    expect(JSON.stringify(events[0])).not.toMatch(/Karima|"aidant-known"|P-AB12CD34/);

    // aidant-later is not known yet: the result waits, then is announced at their first action — once.
    const low = (await pix.record(REFERENT, rpc({ body: body({ aidant: { username: 'aidant-later' }, score: 63 }) }))) as { id: string; seuilAtteint: boolean };
    expect(low.seuilAtteint).toBe(false);
    expect((await f.outboxEvents(PixRecordedV1.type)).filter((e) => e.subject === low.id)).toEqual([]);
    await f.attestations.mine(aidant('later'));
    await f.attestations.mine(aidant('later'));
    events = (await f.outboxEvents(PixRecordedV1.type)).filter((e) => e.subject === low.id);
    expect(events.map((e) => e.data)).toEqual([{ pixResultId: low.id, aidantSub: 'sub-aidant-later', structureId: STRUCTURE, passedOn: '2026-11-20', meetsThreshold: false }]);
  });

  it('refuses a missing proof, a future date, an impossible score and another structure', async () => {
    expect(await codeOf(pix.record(REFERENT, rpc({ body: body({ preuve: { codeVerification: '1234' } }) })))).toBe('REQUEST.INVALID');
    expect(await codeOf(pix.record(REFERENT, rpc({ body: body({ date: '2099-01-01' }) })))).toBe('REQUEST.INVALID');
    expect(await codeOf(pix.record(REFERENT, rpc({ body: body({ score: 5000 }) })))).toBe('REQUEST.INVALID');
    expect(await codeOf(pix.record(REFERENT, rpc({ body: body({ structureId: '0a1b2c3d-0000-4000-8000-000000000002' }) })))).toBe('AUTH.STRUCTURE_SCOPE');
    expect(await codeOf(pix.record(ANIMATEUR, rpc({ body: body() })))).toBe('PIX.STRUCTURE_REQUIRED');
    expect(await codeOf(pix.record(aidant('self'), rpc({ body: body() })))).toBe('AUTH.FORBIDDEN');
  });
});
