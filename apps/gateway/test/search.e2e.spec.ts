import { randomUUID } from 'node:crypto';
import { eventually, PlatformHarness } from './platform.harness';

jest.setTimeout(120_000);

/**
 * Public search through the gateway (GET /api/v1/lieux, /api/v1/communes) against the built apps,
 * real PostgreSQL/PostGIS, NATS and Redis. Test lieux are written with SQL around Quimper (29232),
 * far from any demo data, and each query is scoped to that commune or to a point there.
 */
const QUIMPER = { lon: -4.1024, lat: 47.9960 };
const OFFICE_PH_OFF = 'Mo-Fr 09:00-12:00,14:00-17:00; PH off';
const OFFICE = 'Mo-Fr 09:00-12:00,14:00-17:00';

interface TestLieu {
  nom: string;
  lon: number;
  lat: number;
  horaires?: string | null;
  services?: string[];
  demarches?: string[];
  frais?: string[];
  statut?: 'actif' | 'ferme';
  codeInsee?: string;
}

describe('public search of lieux', () => {
  const h = new PlatformHarness();
  const ids: Record<string, string> = {};
  let demarche: string;

  async function insert(l: TestLieu): Promise<string> {
    const id = randomUUID();
    await h.query(
      'directory',
      `INSERT INTO lieu (id, source, source_id, statut, nom, adresse, commune, code_postal, code_insee, location, horaires, services, demarches, frais_a_charge, date_maj)
       VALUES ($1::uuid, 'test', $11, $2, $3, '1 rue de Test', 'Quimper', '29000', $4, ST_SetSRID(ST_MakePoint($5, $6), 4326)::geography, $7, $8, $9, $10, current_date)`,
      [id, l.statut ?? 'actif', l.nom, l.codeInsee ?? '29232', l.lon, l.lat, l.horaires ?? null, l.services ?? ['aide-demarches-administratives'], l.demarches ?? [], l.frais ?? ['gratuit'], id],
    );
    return id;
  }

  const search = (query: string) => h.call('GET', `/api/v1/lieux?${query}`);

  beforeAll(async () => {
    await h.start();
    [{ slug: demarche }] = await h.query('directory', 'SELECT slug FROM demarche ORDER BY slug LIMIT 1');
    const lieux: Record<string, TestLieu> = {
      mediatheque: { nom: 'Médiathèque des Ursulines', lon: -4.1000, lat: 47.9975, horaires: OFFICE_PH_OFF, demarches: [demarche] },
      mairie: { nom: 'Mairie annexe de Kerfeunteun', lon: -4.1100, lat: 48.0150, horaires: OFFICE, services: ['acces-internet-materiel'] },
      epn: { nom: 'Espace numérique du Braden', lon: -4.0900, lat: 47.9800, horaires: OFFICE_PH_OFF, frais: ['payant'], demarches: [demarche] },
      tiers: { nom: 'Tiers-lieu de Penhars', lon: -4.1300, lat: 47.9850, horaires: 'du lundi au vendredi de 9h à 18h' },
      ferme: { nom: 'Ancien point numérique fermé', lon: -4.1025, lat: 47.9961, horaires: OFFICE, statut: 'ferme' },
      ergue: { nom: 'Centre social d’Ergué-Gabéric', lon: -4.0200, lat: 47.9950, horaires: OFFICE, codeInsee: '29051' },
    };
    for (const [key, l] of Object.entries(lieux)) ids[key] = await insert(l);
    // The snapshot follows changes within about a second.
    const active = Object.keys(lieux).filter((k) => k !== 'ferme').map((k) => ids[k]);
    await eventually(
      () => search(`lat=${QUIMPER.lat}&lon=${QUIMPER.lon}&pageSize=100`),
      (r) => r.status === 200 && active.every((id) => r.json.items.some((x: any) => x.id === id)),
      10_000,
    );
  });
  afterAll(() => h.stop());

  it('orders by true distance from a point and returns distance_m like PostGIS', async () => {
    const r = await search(`lat=${QUIMPER.lat}&lon=${QUIMPER.lon}&pageSize=5`);
    expect(r.status).toBe(200);
    const expected = await h.query(
      'directory',
      `SELECT id::text AS id, round(ST_Distance(location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography))::int AS d
         FROM lieu WHERE statut = 'actif' AND location IS NOT NULL
        ORDER BY ST_Distance(location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) LIMIT 5`,
      [QUIMPER.lon, QUIMPER.lat],
    );
    expect(r.json.items.map((x: any) => [x.id, x.distance_m])).toEqual(expected.map((x) => [x.id, x.d]));
    expect(r.json.items[0]).toMatchObject({ id: ids.mediatheque, nom: 'Médiathèque des Ursulines', code_postal: '29000', latitude: 47.9975, longitude: -4.1 });
    expect(r.json.items.map((x: any) => x.id)).not.toContain(ids.ferme);
    expect(r.headers.get('server-timing')).toMatch(/^search;desc="directory";dur=[\d.]+$/);
  });

  it('filters by service, démarche, frais, commune and EPCI; closed lieux never appear', async () => {
    const names = async (q: string) => (await search(q)).json.items.map((x: any) => x.nom).sort();
    expect(await names(`commune=29232&demarches=${demarche}`)).toEqual(['Espace numérique du Braden', 'Médiathèque des Ursulines']);
    expect(await names(`commune=29232&demarches=${demarche}&frais=payant`)).toEqual(['Espace numérique du Braden']);
    expect(await names('commune=29232&services=acces-internet-materiel')).toEqual(['Mairie annexe de Kerfeunteun']);
    expect(await names('commune=29232&services=acces-internet-materiel,aide-demarches-administratives')).toHaveLength(4);
    // Quimper and Ergué-Gabéric are both in Quimper Bretagne Occidentale.
    const communes = await h.call('GET', '/api/v1/communes?q=quimper');
    expect(communes.status).toBe(200);
    const quimper = communes.json.find((c: any) => c.code_insee === '29232');
    expect(quimper).toMatchObject({ nom: 'Quimper', departement: '29', epci: { siren: expect.stringMatching(/^\d{9}$/) } });
    const inEpci = await names(`epci=${quimper.epci.siren}&pageSize=100`);
    expect(inEpci).toEqual(expect.arrayContaining(['Centre social d’Ergué-Gabéric', 'Médiathèque des Ursulines']));
    expect(inEpci).not.toContain('Ancien point numérique fermé');
  });

  it('finds names without accents and by prefix ("mediatheque", "numeriq")', async () => {
    for (const q of ['mediatheque', 'MÉDIATHÈQUE ursulines', 'mediath']) {
      const r = await search(`q=${encodeURIComponent(q)}&commune=29232`);
      expect(r.status).toBe(200);
      expect(r.json.items.map((x: any) => x.id)).toEqual([ids.mediatheque]);
    }
    const r = await search('q=numeriq&commune=29232');
    expect(r.json.items.map((x: any) => x.id)).toEqual([ids.epn]);
  });

  it('"ouvert le" a public holiday honours PH off; unreadable horaires give ouvert: null', async () => {
    const christmas = await search('commune=29232&ouvert_le=2026-12-25T10:00');
    expect(christmas.status).toBe(200);
    expect(christmas.json.items.map((x: any) => x.nom)).toEqual(['Mairie annexe de Kerfeunteun']);
    const eve = await search('commune=29232&ouvert_le=2026-12-24T10:00&pageSize=100');
    expect(eve.json.items.map((x: any) => x.nom).sort()).toEqual(['Espace numérique du Braden', 'Mairie annexe de Kerfeunteun', 'Médiathèque des Ursulines']);
    expect(eve.json.items.every((x: any) => x.ouvert === true)).toBe(true);
    const lunch = await search('commune=29232&ouvert_le=2026-12-24T12:30');
    expect(lunch.json.total).toBe(0);
    const all = await search('commune=29232&pageSize=100');
    expect(all.json.items.find((x: any) => x.id === ids.tiers).ouvert).toBeNull();
  });

  it('shows a change to a lieu within a couple of seconds (edit, closure, new lieu)', async () => {
    await h.query('directory', `UPDATE lieu SET nom = 'Médiathèque Alain-Gérard', updated_at = now() WHERE id = $1`, [ids.mediatheque]);
    await h.query('directory', `UPDATE lieu SET statut = 'ferme', closed_at = now(), updated_at = now() WHERE id = $1`, [ids.mairie]);
    const added = await insert({ nom: 'Point numérique de la gare', lon: -4.0930, lat: 47.9940, horaires: OFFICE });
    const started = Date.now();
    const r = await eventually(
      () => search('commune=29232&pageSize=100'),
      (x) => x.json?.items?.some((i: any) => i.nom === 'Médiathèque Alain-Gérard') && !x.json.items.some((i: any) => i.id === ids.mairie) && x.json.items.some((i: any) => i.id === added),
      2_000,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.json.total).toBe(4);
    expect((await search('q=alain&commune=29232')).json.items.map((x: any) => x.id)).toEqual([ids.mediatheque]);
  });

  it('is documented in the OpenAPI description, filters included', async () => {
    const r = await h.call('GET', '/api/docs/openapi.json');
    const params = r.json.paths['/api/v1/lieux'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['q', 'services', 'demarches', 'labels', 'commune', 'epci', 'lat', 'lon', 'bbox', 'ouvert', 'ouvert_le', 'page', 'pageSize']));
    expect(r.json.paths['/api/v1/communes']).toBeDefined();
  });

  it('refuses bad input with 400 and a stable code', async () => {
    const cases: Array<[string, string]> = [
      ['services=inconnu', 'SEARCH.UNKNOWN_FILTER'],
      ['demarches=demarche-inexistante', 'SEARCH.UNKNOWN_FILTER'],
      ['commune=99999', 'SEARCH.UNKNOWN_FILTER'],
      ['epci=123456789', 'SEARCH.UNKNOWN_FILTER'],
      ['tri=nom', 'SEARCH.UNKNOWN_FILTER'],
      ['lat=abc&lon=2', 'SEARCH.INVALID_COORDINATES'],
      ['lat=95&lon=2', 'SEARCH.INVALID_COORDINATES'],
      ['lat=45', 'SEARCH.INVALID_COORDINATES'],
      ['bbox=1,2,3', 'SEARCH.INVALID_COORDINATES'],
      ['bbox=3,44,1,45', 'SEARCH.INVALID_COORDINATES'],
      ['pageSize=101', 'SEARCH.INVALID_PAGINATION'],
      ['page=0', 'SEARCH.INVALID_PAGINATION'],
      ['commune=29232&page=50', 'SEARCH.INVALID_PAGINATION'],
      ['ouvert=demain', 'SEARCH.INVALID_TIME'],
      ['ouvert_le=2026-02-30T10:00', 'SEARCH.INVALID_TIME'],
    ];
    for (const [query, code] of cases) {
      const r = await search(query);
      expect({ query, status: r.status, code: r.json?.code }).toEqual({ query, status: 400, code });
      expect(r.json.message).toEqual(expect.any(String));
    }
    expect((await h.call('GET', '/api/v1/communes')).status).toBe(400);
  });
});
