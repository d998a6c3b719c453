import { rpc } from '@pin/contracts';
import { parisToday } from '../src/labels/labels.service';
import { AIDANT, ANIMATEUR, codeOf, labellingFixture, MISSION_LOCALE, OTHER_REFERENT, PRESCRIBER, REFERENT, STRUCTURE } from './labelling.fixture';

type F = Awaited<ReturnType<typeof labellingFixture>>;

describe('Pass Numérique ledger (real PostgreSQL)', () => {
  let f: F;
  let lieuId: string;
  let lotId: string;
  let codes: string[];
  const nextYear = Number(parisToday().slice(0, 4)) + 1;

  beforeAll(async () => {
    f = await labellingFixture('lab_ledger', 60);
    lieuId = await f.lieu(STRUCTURE);
    await f.labels.national(ANIMATEUR, rpc({ body: { programmeId: 'aptic', lieuId, preuve: 'APTIC 40-001', depuis: '2020-01-01' } }));
    const lot = (await f.ledger.createBatch(ANIMATEUR, rpc({ body: { financeur: 'Département des Landes', premierNumero: 100001, nombre: 30, valeurCentimes: 1000, valideJusquAu: `${nextYear}-12-31` } }))) as { id: string; codes: string[]; toleranceJusquAu: string };
    lotId = lot.id;
    codes = lot.codes;
    expect(lot.toleranceJusquAu).toBe(`${nextYear + 1}-01-31`);
    await f.ledger.allocate(ANIMATEUR, rpc({ body: { lotId, prescripteurId: MISSION_LOCALE, nombre: 20 } }));
  });
  afterAll(async () => {
    await f.t.teardown();
  });

  const distribute = (code: string, ref = 'ML-001') => f.ledger.distribute(PRESCRIBER, rpc({ body: { code, beneficiaire: ref } }));
  const redeem = (code: string, user = AIDANT) => f.ledger.redeem(user, rpc({ body: { code, lieuId, service: 'accompagnement-demarches' } }));

  it('50 concurrent redemptions of one pass: exactly one succeeds, the others get PASS.ALREADY_REDEEMED', async () => {
    await distribute(codes[0]);
    const results = await Promise.all(Array.from({ length: 50 }, () => codeOf(redeem(codes[0]))));
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'PASS.ALREADY_REDEEMED')).toHaveLength(49);
    const moves = await f.ds.query(`SELECT de, vers FROM pass_mouvement WHERE numero = 100001 ORDER BY seq`);
    expect(moves).toEqual([{ de: null, vers: 'lot' }, { de: 'lot', vers: 'alloue' }, { de: 'alloue', vers: 'distribue' }, { de: 'distribue', vers: 'scanne' }]);
  });

  it('detects forged and mistyped codes, and well-signed numbers outside any batch', async () => {
    const forged = codes[1].replace('PN-100002-', 'PN-100099-');
    expect(await codeOf(redeem(forged))).toBe('PASS.FORGED');
    expect(await codeOf(redeem(codes[1].slice(0, -1) + (codes[1].endsWith('0') ? '1' : '0')))).toBe('PASS.FORGED');
    expect(await codeOf(redeem(f.codes.code(999_999)))).toBe('PASS.NOT_FOUND');
  });

  it('a pass must be distributed, by its prescriber, before it is scanned; at an #APTIC lieu of the caller’s structure', async () => {
    expect(await codeOf(redeem(codes[2]))).toBe('PASS.NOT_DISTRIBUTED');
    expect(await codeOf(f.ledger.distribute(AIDANT, rpc({ body: { code: codes[2], beneficiaire: 'x' } })))).toBe('PASS.NOT_PRESCRIBER');
    expect(await codeOf(distribute(codes[25]))).toBe('PASS.INVALID_TRANSITION'); // never allocated
    await distribute(codes[2], 'ML-002');
    const plainLieu = await f.lieu(STRUCTURE);
    expect(await codeOf(f.ledger.redeem(AIDANT, rpc({ body: { code: codes[2], lieuId: plainLieu, service: 'x' } })))).toBe('PASS.LIEU_NOT_QUALIFIED');
    expect(await codeOf(redeem(codes[2], { ...OTHER_REFERENT, roles: ['aidant'] }))).toBe('AUTH.STRUCTURE_SCOPE');
    const [pseudo] = await f.ds.query(`SELECT beneficiaire_pseudo FROM pass WHERE numero = 100003`);
    expect(pseudo.beneficiaire_pseudo).toMatch(/^[0-9a-f]{64}$/);
  });

  it('valid until 31/12, tolerated until 31/01, expired after', async () => {
    const lot = (await f.ledger.createBatch(ANIMATEUR, rpc({ body: { financeur: 'Département des Landes', premierNumero: 200001, nombre: 3, valeurCentimes: 1000, valideJusquAu: '2024-12-31' } }))) as { id: string; codes: string[] };
    await f.ledger.allocate(ANIMATEUR, rpc({ body: { lotId: lot.id, prescripteurId: MISSION_LOCALE, nombre: 3 } }));
    await distribute(lot.codes[0]);
    expect(await codeOf(redeem(lot.codes[0]))).toBe('PASS.EXPIRED');
    // The scan the scheduler runs: on 31/01 the pass is still tolerated; on 01/02 it expires.
    expect(await f.ledger.expire('2025-01-31')).toBe(0);
    expect(await f.ledger.expire('2025-02-01')).toBe(3);
    expect(await codeOf(redeem(lot.codes[0]))).toBe('PASS.EXPIRED');
    expect(await codeOf(f.ledger.createBatch(ANIMATEUR, rpc({ body: { financeur: 'x', premierNumero: 200003, nombre: 5, valeurCentimes: 1000, valideJusquAu: '2030-12-31' } })))).toBe('PASS.RANGE_OVERLAP');
  });

  it('figures per batch, prescriber and lieu; the monthly claim (CSV) then payment', async () => {
    await distribute(codes[3], 'ML-003');
    await redeem(codes[3]);
    const byLot = (await f.funding.figures(ANIMATEUR, rpc({ query: { par: 'lot' } }))) as { items: Array<{ id: string; total: number; parStatut: Record<string, number>; montantEncaisseCentimes: number }> };
    expect(byLot.items.find((i) => i.id === lotId)).toEqual({ id: lotId, libelle: 'Département des Landes — n° 100001 à 100030', total: 30, parStatut: { lot: 10, alloue: 17, distribue: 1, scanne: 2 }, montantEncaisseCentimes: 2000 });
    const byPrescriber = (await f.funding.figures(ANIMATEUR, rpc({ query: { par: 'prescripteur' } }))) as { items: Array<{ id: string; total: number }> };
    expect(byPrescriber.items.find((i) => i.id === MISSION_LOCALE)?.total).toBe(23);
    const byLieu = (await f.funding.figures(ANIMATEUR, rpc({ query: { par: 'lieu' } }))) as { items: Array<{ id: string; parStatut: Record<string, number> }> };
    expect(byLieu.items).toEqual([{ id: lieuId, libelle: null, total: 2, parStatut: { scanne: 2 }, montantEncaisseCentimes: 2000 }]);

    const mois = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 7);
    const claim = (await f.funding.createClaim(ANIMATEUR, rpc({ body: { mois, financeur: 'Département des Landes' } }))) as { id: string; nombre: number; montantCentimes: number; csv: string };
    expect(claim).toMatchObject({ nombre: 2, montantCentimes: 2000 });
    const lines = claim.csv.trim().split('\n');
    expect(lines[0]).toBe('numero;lot;financeur;valeur_eur;encaisse_le;lieu;service');
    expect(lines.slice(1).map((l) => l.split(';').slice(0, 4))).toEqual([
      ['100001', lotId, 'Département des Landes', '10.00'],
      ['100004', lotId, 'Département des Landes', '10.00'],
    ]);
    expect(await codeOf(f.funding.createClaim(ANIMATEUR, rpc({ body: { mois, financeur: 'Département des Landes' } })))).toBe('CLAIM.EMPTY');
    expect(await codeOf(redeem(codes[3]))).toBe('PASS.ALREADY_REDEEMED');
    expect(await f.funding.payClaim(ANIMATEUR, rpc({ params: { id: claim.id } }))).toMatchObject({ statut: 'payee' });
    expect(await codeOf(f.funding.payClaim(ANIMATEUR, rpc({ params: { id: claim.id } })))).toBe('CLAIM.ALREADY_PAID');
    const [{ n }] = await f.ds.query(`SELECT count(*)::int AS n FROM pass WHERE statut = 'paye'`);
    expect(n).toBe(2);
  });

  it('lists batches and claims for the network, and each prescriber’s own passes (codes only while still to hand out)', async () => {
    const lots = (await f.ledger.listBatches(ANIMATEUR)) as { items: Array<{ id: string; premierNumero: number; dernierNumero: number; aAllouer: number }> };
    expect(lots.items.find((l) => l.id === lotId)).toMatchObject({ premierNumero: 100001, dernierNumero: 100030, aAllouer: 10 });
    expect(await codeOf(f.ledger.listBatches(REFERENT))).toBe('AUTH.FORBIDDEN');
    const claims = (await f.funding.listClaims(ANIMATEUR)) as { items: Array<{ financeur: string; statut: string; nombre: number }> };
    expect(claims.items).toEqual([expect.objectContaining({ financeur: 'Département des Landes', statut: 'payee', nombre: 2 })]);

    const mine = (await f.ledger.allocated(PRESCRIBER)) as { parStatut: Record<string, number>; items: Array<{ numero: number; code: string | null; statut: string; prescripteurId: string }> };
    expect(mine.items.every((p) => p.prescripteurId === MISSION_LOCALE)).toBe(true);
    expect(mine.parStatut).toMatchObject({ alloue: 17, paye: 2, expire: 3 });
    expect(mine.items.find((p) => p.numero === 100001)).toMatchObject({ statut: 'paye', code: null });
    expect(mine.items.find((p) => p.statut === 'alloue')?.code).toMatch(/^PN-\d+-[0-9A-F]{10}$/);
    expect(((await f.ledger.allocated(OTHER_REFERENT)) as { items: unknown[] }).items).toEqual([]);
  });

  it('the history is append-only', async () => {
    await expect(f.ds.query(`UPDATE pass_mouvement SET vers = 'paye' WHERE numero = 100001`)).rejects.toThrow(/append-only/);
    await expect(f.ds.query(`DELETE FROM pass_mouvement`)).rejects.toThrow(/append-only/);
    await expect(f.ds.query(`DELETE FROM labelling_journal_entry`)).rejects.toThrow(/append-only/);
  });
});

describe('where a lieu agent may redeem', () => {
  it('lists the open #APTIC lieux of the caller’s structures only', async () => {
    const f = await labellingFixture('lab_lieux', 5);
    try {
      const aptic = await f.lieu(STRUCTURE);
      await f.lieu(STRUCTURE);
      const elsewhere = await f.lieu(MISSION_LOCALE);
      for (const lieuId of [aptic, elsewhere]) await f.labels.national(ANIMATEUR, rpc({ body: { programmeId: 'aptic', lieuId, preuve: 'x', depuis: '2020-01-01' } }));
      expect(((await f.ledger.lieux(AIDANT)) as { items: Array<{ id: string }> }).items.map((l) => l.id)).toEqual([aptic]);
    } finally {
      await f.t.teardown();
    }
  });
});
