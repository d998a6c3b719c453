import { rpc, type UserContext } from '@pin/contracts';
import { parisToday } from '../src/labels/labels.service';
import { AIDANT, ANIMATEUR, codeOf, labellingFixture, MISSION_LOCALE, PRESCRIBER, STRUCTURE } from './labelling.fixture';

type F = Awaited<ReturnType<typeof labellingFixture>>;

const FINANCEUR: UserContext = { sub: 'sub-financeur', username: 'financeur', roles: ['financeur'], structures: [], financeur: 'département des landes ' };
const WITHOUT_FUNDER: UserContext = { sub: 'sub-financeur-2', username: 'financeur2', roles: ['financeur'], structures: [] };

// Real PostgreSQL: a funder's officer sees the figures and claims of their own funder's batches only.
describe('the funder’s side of the Pass Numérique (role financeur)', () => {
  let f: F;
  const lots: Record<string, string> = {};
  const mois = parisToday().slice(0, 7);

  beforeAll(async () => {
    f = await labellingFixture('lab_funding', 20);
    const lieuId = await f.lieu(STRUCTURE);
    await f.labels.national(ANIMATEUR, rpc({ body: { programmeId: 'aptic', lieuId, preuve: 'APTIC 40-002', depuis: '2020-01-01' } }));
    const year = Number(mois.slice(0, 4)) + 1;
    for (const [financeur, premierNumero] of [['Département des Landes', 300001], ['CAF des Landes', 400001]] as const) {
      const lot = (await f.ledger.createBatch(ANIMATEUR, rpc({ body: { financeur, premierNumero, nombre: 5, valeurCentimes: 1000, valideJusquAu: `${year}-12-31` } }))) as { id: string; codes: string[] };
      lots[financeur] = lot.id;
      await f.ledger.allocate(ANIMATEUR, rpc({ body: { lotId: lot.id, prescripteurId: MISSION_LOCALE, nombre: 2 } }));
      await f.ledger.distribute(PRESCRIBER, rpc({ body: { code: lot.codes[0], beneficiaire: 'ML-9' } }));
      await f.ledger.redeem(AIDANT, rpc({ body: { code: lot.codes[0], lieuId, service: 'accompagnement-demarches' } }));
    }
  });
  afterAll(async () => {
    await f.t.teardown();
  });

  it('figures: only the batches of the officer’s funder (case and spaces aside); the network sees all', async () => {
    for (const par of ['lot', 'prescripteur', 'lieu']) {
      const mine = (await f.funding.figures(FINANCEUR, rpc({ query: { par } }))) as { items: Array<{ id: string; total: number }> };
      const all = (await f.funding.figures(ANIMATEUR, rpc({ query: { par } }))) as { items: Array<{ id: string; total: number }> };
      expect({ par, mine: mine.items.reduce((s, i) => s + i.total, 0) }).toEqual({ par, mine: par === 'lot' ? 5 : par === 'prescripteur' ? 2 : 1 });
      expect(all.items.reduce((s, i) => s + i.total, 0)).toBe(par === 'lot' ? 10 : par === 'prescripteur' ? 4 : 2);
    }
    const byLot = (await f.funding.figures(FINANCEUR, rpc({ query: { par: 'lot' } }))) as { items: Array<{ id: string }> };
    expect(byLot.items.map((i) => i.id)).toEqual([lots['Département des Landes']]);
    expect(await codeOf(f.funding.figures(AIDANT, rpc({ query: { par: 'lot' } })))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(f.funding.figures(WITHOUT_FUNDER, rpc({ query: { par: 'lot' } })))).toBe('CLAIM.NO_FUNDER');
  });

  it('claims: the officer creates, reads and pays their funder’s; another funder’s is refused or « introuvable »', async () => {
    expect(await codeOf(f.funding.createClaim(FINANCEUR, rpc({ body: { mois, financeur: 'CAF des Landes' } })))).toBe('CLAIM.OTHER_FUNDER');
    const mine = (await f.funding.createClaim(FINANCEUR, rpc({ body: { mois, financeur: 'département des landes' } }))) as { id: string; nombre: number; csv: string };
    expect(mine.nombre).toBe(1);
    expect(mine.csv.split('\n')[1]).toMatch(/^300001;/);
    const caf = (await f.funding.createClaim(ANIMATEUR, rpc({ body: { mois, financeur: 'CAF des Landes' } }))) as { id: string };
    expect(((await f.funding.listClaims(FINANCEUR)) as { items: Array<{ id: string }> }).items.map((c) => c.id)).toEqual([mine.id]);
    expect(((await f.funding.listClaims(ANIMATEUR)) as { items: unknown[] }).items).toHaveLength(2);
    expect(await codeOf(f.funding.getClaim(FINANCEUR, rpc({ params: { id: caf.id } })))).toBe('CLAIM.NOT_FOUND');
    expect(await codeOf(f.funding.payClaim(FINANCEUR, rpc({ params: { id: caf.id } })))).toBe('CLAIM.NOT_FOUND');
    expect(await f.funding.getClaim(FINANCEUR, rpc({ params: { id: mine.id } }))).toMatchObject({ id: mine.id, statut: 'emise' });
    expect(await f.funding.payClaim(FINANCEUR, rpc({ params: { id: mine.id } }))).toMatchObject({ statut: 'payee' });
    expect(await codeOf(f.funding.payClaim(FINANCEUR, rpc({ params: { id: mine.id } })))).toBe('CLAIM.ALREADY_PAID');
    expect(await f.funding.getClaim(ANIMATEUR, rpc({ params: { id: caf.id } }))).toMatchObject({ statut: 'emise' });
    expect(await codeOf(f.funding.listClaims(AIDANT))).toBe('AUTH.FORBIDDEN');
  });
});
