import { rpc } from '@pin/contracts';
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
    pix = new PixService(f.ds);
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

  it('refuses a missing proof, a future date, an impossible score and another structure', async () => {
    expect(await codeOf(pix.record(REFERENT, rpc({ body: body({ preuve: { codeVerification: '1234' } }) })))).toBe('REQUEST.INVALID');
    expect(await codeOf(pix.record(REFERENT, rpc({ body: body({ date: '2099-01-01' }) })))).toBe('REQUEST.INVALID');
    expect(await codeOf(pix.record(REFERENT, rpc({ body: body({ score: 5000 }) })))).toBe('REQUEST.INVALID');
    expect(await codeOf(pix.record(REFERENT, rpc({ body: body({ structureId: '0a1b2c3d-0000-4000-8000-000000000002' }) })))).toBe('AUTH.STRUCTURE_SCOPE');
    expect(await codeOf(pix.record(ANIMATEUR, rpc({ body: body() })))).toBe('PIX.STRUCTURE_REQUIRED');
    expect(await codeOf(pix.record(aidant('self'), rpc({ body: body() })))).toBe('AUTH.FORBIDDEN');
  });
});
