import { DiagnosticCountedV1, rpc } from '@pin/contracts';
import { DiagnosticService } from '../src/diagnostic/diagnostic.service';
import { Outbox } from '@pin/messaging';
import { aidant, codeOf, trainingFixture } from './training.fixture';

jest.setTimeout(60_000);

// Real PostgreSQL: answers kept only with consent; the anonymous count by territory in the outbox either way.
describe('diagnostic de premier niveau (real PostgreSQL)', () => {
  let f: Awaited<ReturnType<typeof trainingFixture>>;
  let diagnostics: DiagnosticService;
  const reponses = { equipement: 'smartphone', email: 'oubliee', aisance: 'faible', urgence: 'aucune', aideSouhaitee: 'faire-avec-moi' };

  beforeAll(async () => {
    f = await trainingFixture('training_diagnostic', 5);
    diagnostics = new DiagnosticService(new Outbox(f.ds, 'pin/training'));
  });
  afterAll(async () => {
    await f?.t.teardown();
  });

  it('suggests an orientation, keeps the answers only with consent, and counts both anonymously by territory', async () => {
    const kept = await diagnostics.create(aidant('d'), rpc({ body: { codeInsee: '40192', reponses, consentement: true } }));
    expect(kept).toMatchObject({ orientation: 'mediateur', conserve: true, id: expect.any(String) });
    const notKept = await diagnostics.create(aidant('d'), rpc({ body: { codeInsee: '40192', reponses, consentement: false } }));
    expect(notKept).toMatchObject({ orientation: 'mediateur', conserve: false, id: null });

    expect(await f.ds.query(`SELECT code_insee, orientation, reponses FROM diagnostic`)).toEqual([{ code_insee: '40192', orientation: 'mediateur', reponses }]);
    const events = await f.outboxEvents(DiagnosticCountedV1.type);
    expect(events.map((e) => e.data.total)).toEqual([1, 2]);
    expect(events[1].data).toEqual({ departement: '40', epci: expect.stringMatching(/^\d{9}$/), mois: expect.stringMatching(/^\d{4}-\d{2}$/), orientation: 'mediateur', total: 2 });
    // Anonymous: no commune, no person, no structure.
    expect(JSON.stringify(events)).not.toMatch(/40192|sub-aidant|0a1b2c3d/);
  });

  it('refuses an unknown commune and an unknown answer with a code', async () => {
    expect(await codeOf(diagnostics.create(aidant('d'), rpc({ body: { codeInsee: '40999', reponses, consentement: true } })))).toBe('DIAGNOSTIC.UNKNOWN_INSEE');
    expect(await codeOf(diagnostics.create(aidant('d'), rpc({ body: { codeInsee: '40192', reponses: { ...reponses, aisance: 'moyen' }, consentement: true } })))).toBe('REQUEST.INVALID');
  });
});
