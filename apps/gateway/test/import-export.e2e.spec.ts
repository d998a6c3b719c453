import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { createRedis } from '@pin/jobs';
import { repoRoot, validateTable, type TableSchema } from '@pin/testing';
import { eventually, PlatformHarness } from './platform.harness';

jest.setTimeout(240_000);

const FIXTURES = resolve(repoRoot(), 'apps/directory/data');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name));
const HINAURA = fixture('hinaura-687-lieux-v0.1.json');
const V102_FIELDS = (JSON.parse(fixture('schema-standard-mediation-num-v1.0.2.json').toString()) as TableSchema).fields.map((f) => f.name);

describe('import and export of lieux in the national standard', () => {
  const h = new PlatformHarness();
  // The gateway keeps its sessions in another Redis database than the directory, as deployed:
  // uploaded files must go to the directory's (IMPORT_REDIS_URL).
  beforeAll(() => h.start({ REDIS_URL: 'redis://127.0.0.1:6379/2', IMPORT_REDIS_URL: 'redis://127.0.0.1:6379/0' }));
  afterAll(() => h.stop());

  async function upload(body: Buffer | string, query: string, contentType: string, user = 'animateur') {
    const res = await fetch(h.url(`/api/v1/imports?${query}`), {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token(user)}`, 'content-type': contentType },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  /** Polls the import until it ends; returns the final state and every progression seen. */
  async function waitImport(id: string) {
    const seen: number[] = [];
    const final = await eventually(
      async () => {
        const r = await h.call('GET', `/api/v1/imports/${id}`, { user: 'animateur' });
        expect(r.status).toBe(200);
        seen.push(r.json.progression);
        return r.json;
      },
      (s) => s.statut === 'termine' || s.statut === 'echoue',
      180_000,
    );
    return { final, seen };
  }

  const countLieux = async (source?: string) =>
    Number((await h.query('directory', `SELECT count(*)::int AS n FROM lieu ${source ? 'WHERE source = $1' : ''}`, source ? [source] : []))[0].n);

  let firstImport: any;

  it('an animateur uploads the Hinaura fixture (v0.1 JSON): job progress, 687 lieux imported', async () => {
    const r = await upload(HINAURA, 'source=hinaura', 'application/json');
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ id: expect.any(String), source: 'hinaura', statut: expect.stringMatching(/en-attente|en-cours/) });
    const { final, seen } = await waitImport(r.json.id);
    firstImport = final;
    expect(final).toMatchObject({
      statut: 'termine', progression: 100, format_detecte: 'v0.1-json', encodage: 'utf-8', total: 687, valides: 687, importes: 687, crees: 687,
      rejetes_total: 0, rejetes: [],
    });
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1])).toBe(true);
    expect(await countLieux('hinaura')).toBe(687);
    const [row] = await h.query('directory', `SELECT nom, services, location IS NOT NULL AS located, pivot FROM lieu WHERE source = 'hinaura' AND source_id = '0'`);
    expect(row).toMatchObject({ nom: "MAISON DE SERVICES AU PUBLIC D'ABONDANCE", located: true, pivot: null });
    expect([...row.services].sort()).toEqual(['acces-internet-materiel', 'aide-demarches-administratives']);
    // The import's job progress was persisted and reported to BullMQ.
    const [imp] = await h.query('directory', 'SELECT traites, progression FROM lieu_import WHERE id = $1', [final.id]);
    expect(imp).toEqual({ traites: 687, progression: 100 });
    const redis = createRedis('redis://127.0.0.1:6379');
    try {
      // The queue's key prefix carries the database name: platforms sharing this Redis never take each other's jobs.
      const job = await redis.hgetall(`pin-${h.directoryDb.name}:pin-directory-import:import-${final.id}`);
      expect({ name: job.name, progress: job.progress, returnvalue: job.returnvalue }).toEqual({ name: 'directory.import.lieux', progress: '100', returnvalue: '{"statut":"termine"}' });
    } finally {
      await redis.quit();
    }
  });

  it('a referent may not import nor read imports (403); bad input is a 4xx with a code', async () => {
    const r = await upload(HINAURA, 'source=hinaura', 'application/json', 'referent');
    expect(r.status).toBe(403);
    expect(r.json.code).toBe('AUTH.FORBIDDEN');
    expect((await h.call('GET', `/api/v1/imports/${firstImport.id}`, { user: 'referent' })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/doublons', { user: 'referent' })).status).toBe(403);
    const noSource = await upload(HINAURA, 'format=auto', 'application/json');
    expect(noSource.status).toBe(400);
    expect(noSource.json.code).toBe('REQUEST.INVALID');
    const badFormat = await upload(HINAURA, 'source=x1&format=xml', 'application/json');
    expect(badFormat.status).toBe(400);
    expect((await h.call('GET', '/api/v1/imports/pas-un-id', { user: 'animateur' })).status).toBe(400);
    const unknown = await h.call('GET', '/api/v1/imports/00000000-0000-4000-8000-000000000000', { user: 'animateur' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('IMPORT.NOT_FOUND');
    // Not the standard at all: the import fails with a French reason, nothing written.
    const junk = await upload('a,b\n1,2\n', 'source=junk', 'text/csv');
    expect(junk.status).toBe(202);
    const { final } = await waitImport(junk.json.id);
    expect(final).toMatchObject({ statut: 'echoue', erreur: expect.stringMatching(/colonne « id » absente/) });
    expect(await countLieux('junk')).toBe(0);
  });

  it('re-importing the same file is idempotent: same count, no new lieu', async () => {
    const before = await countLieux();
    const r = await upload(HINAURA, 'source=hinaura', 'application/json');
    const { final } = await waitImport(r.json.id);
    expect(final).toMatchObject({ statut: 'termine', importes: 687, crees: 0, mis_a_jour: 0, inchanges: 687 });
    expect(await countLieux()).toBe(before);
  });

  it('a CSV with bad rows: rejections listed by line, good rows kept; Latin-1 decoded', async () => {
    const line = (v: Record<string, string>) => V102_FIELDS.map((f) => `"${(v[f] ?? '').replace(/"/g, '""')}"`).join(',');
    const base = {
      pivot: '00000000000000', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192', adresse: '1 place du Général Leclerc',
      latitude: '43.8906', longitude: '-0.4996', date_maj: '2025-01-15', services: 'Aide aux démarches administratives|Accès internet et matériel informatique',
    };
    const csv = [
      V102_FIELDS.join(','),
      line({ ...base, id: 'mdm-1', nom: 'Médiathèque du Marsan — espace numérique', horaires: 'Mo-Fr 09:00-18:00; PH off' }), // 2
      line({ ...base, id: 'mdm-2', nom: '' }), // 3: rejected
      line({ ...base, id: 'mdm-3', nom: 'Point numérique de la gare', horaires: 'quand on peut' }), // 4: kept, flagged
      line({ ...base, id: 'mdm-4', nom: 'Lieu sans date', date_maj: 'hier' }), // 5: rejected
      line({ ...base, id: 'mdm-5', nom: 'Lieu à Paris', latitude: '48.8566', longitude: '2.3522' }), // 6: kept, other département
      line({ ...base, id: 'mdm-6', nom: 'Lieu sans coordonnées', latitude: '', longitude: '' }), // 7: kept, flagged
    ].join('\r\n');
    const r = await upload(iconv.encode(csv, 'win1252'), 'source=landes-test&format=v1.0.2-csv', 'text/csv');
    expect(r.status).toBe(202);
    const { final } = await waitImport(r.json.id);
    expect(final).toMatchObject({ statut: 'termine', encodage: 'windows-1252', total: 6, importes: 4, rejetes_total: 2 });
    expect(final.rejetes).toEqual([
      { ligne: 3, motif: 'Champ obligatoire manquant : nom.' },
      { ligne: 5, motif: 'Date de mise à jour invalide « hier » (attendu AAAA-MM-JJ).' },
    ]);
    const rows = await h.query('directory', `SELECT source_id, nom, horaires, flags FROM lieu WHERE source = 'landes-test' ORDER BY source_id`);
    expect(rows.map((x) => x.source_id)).toEqual(['mdm-1', 'mdm-3', 'mdm-5', 'mdm-6']);
    const flags = Object.fromEntries(rows.map((x) => [x.source_id, x.flags]));
    expect(rows[0].nom).toBe('Médiathèque du Marsan — espace numérique');
    expect(flags['mdm-1']).not.toContain('horaires-invalides');
    expect(flags['mdm-3']).toContain('horaires-invalides');
    expect(rows[1].horaires).toBe('quand on peut');
    expect(flags['mdm-5']).toContain('hors-departement');
    expect(flags['mdm-6']).toContain('coordonnees-manquantes');
  });

  it('a postal code of another commune rejects its row; a position flagged hors France is kept but served nowhere until fixed', async () => {
    const line = (v: Record<string, string>) => V102_FIELDS.map((f) => `"${(v[f] ?? '').replace(/"/g, '""')}"`).join(',');
    const dax = {
      pivot: '00000000000000', commune: 'Dax', code_postal: '40100', code_insee: '40088', adresse: '5 avenue Victor Hugo', latitude: '43.7051',
      longitude: '-1.0612', date_maj: '2025-03-01', services: 'Aide aux démarches administratives',
    };
    const csv = [
      V102_FIELDS.join(','),
      line({ ...dax, id: 'dax-ok', nom: 'Espace numérique des Arènes' }), // 2: kept
      line({ ...dax, id: 'dax-4010', nom: 'Atelier numérique du Sablar', code_postal: '4010' }), // 3: rejected, 04010 is not Dax's
      line({ ...dax, id: 'dax-inverse', nom: 'Cyberbase du Gond inversée', latitude: '-1.0612', longitude: '43.7051' }), // 4: kept, swapped: Indian Ocean
    ].join('\n');
    const r = await upload(csv, 'source=dax-test', 'text/csv');
    const { final } = await waitImport(r.json.id);
    expect(final).toMatchObject({ statut: 'termine', total: 3, importes: 2, crees: 2, rejetes_total: 1 });
    expect(final.rejetes).toEqual([
      { ligne: 3, motif: "Code postal 04010 (« 4010 » complété d'un zéro) : ce n'est pas un code postal de la commune 40088 (Dax), dont le code postal est 40100." },
    ]);
    const rows = await h.query('directory', `SELECT id::text, source_id, flags FROM lieu WHERE source = 'dax-test' ORDER BY source_id`);
    expect(rows.map((x) => [x.source_id, x.flags])).toEqual([['dax-inverse', ['hors-france']], ['dax-ok', []]]);
    const [swapped, good] = rows.map((x) => x.id as string);

    // Public search: listed by name without coordinates; never matched by bbox nor nearest.
    const byName = await eventually(
      () => h.call('GET', `/api/v1/lieux?q=${encodeURIComponent('cyberbase gond')}`),
      (x) => x.status === 200 && x.json.items.some((i: any) => i.id === swapped),
      10_000,
    );
    const item = byName.json.items.find((i: any) => i.id === swapped);
    expect(item).toMatchObject({ latitude: null, longitude: null, flags: ['hors-france'] });
    expect(item).not.toHaveProperty('distance_m');
    const daxBox = await h.call('GET', '/api/v1/lieux?bbox=-1.2,43.6,-0.9,43.8&pageSize=100');
    expect(daxBox.json.items.map((i: any) => i.id)).toContain(good);
    expect(daxBox.json.items.map((i: any) => i.id)).not.toContain(swapped);
    const ocean = await h.call('GET', '/api/v1/lieux?bbox=43,-2,44.5,0');
    expect(ocean.json.total).toBe(0);
    const nearest = await h.call('GET', '/api/v1/lieux?lat=-1.0612&lon=43.7051&pageSize=100');
    expect(nearest.status).toBe(200);
    expect(nearest.json.items.map((i: any) => i.id)).not.toContain(swapped);
    expect(nearest.json.items.every((i: any) => typeof i.distance_m === 'number' && i.distance_m > 1_000_000)).toBe(true);
    expect((await h.call('GET', `/api/v1/lieux?q=${encodeURIComponent('cyberbase gond')}&lat=43.7&lon=-1.06`)).json.items).toEqual([]);
    // The public detail: no coordinates, the flag says why.
    const detail = await h.call('GET', `/api/v1/lieux/${swapped}`);
    expect(detail.json).toMatchObject({ latitude: null, longitude: null, flags: ['hors-france'] });
    // Its managers still see it, flag and stored position included, to fix it.
    const mine = await h.call('GET', `/api/v1/mes-lieux?q=${encodeURIComponent('gond inversée')}`, { user: 'animateur' });
    expect(mine.json.items).toEqual([expect.objectContaining({ id: swapped, flags: ['hors-france'], latitude: -1.0612, longitude: 43.7051 })]);

    // Open-data exports: the lieu is there, its position empty.
    const exported = async () => {
      const csvRows = parseCsv(await (await fetch(h.url('/api/v1/export/lieux.csv'))).text(), { columns: true }) as Record<string, string>[];
      const json = (await (await fetch(h.url('/api/v1/export/lieux.json'))).json()) as Record<string, unknown>[];
      const di = (await (await fetch(h.url('/api/v1/export/data-inclusion/structures.json'))).json()) as Record<string, unknown>[];
      return { csv: csvRows.find((x) => x.id === swapped)!, json: json.find((x) => x.id === swapped)!, di: di.find((x) => x.id === `dax-test--dax-inverse`)! };
    };
    const before = await exported();
    expect(before.csv).toMatchObject({ nom: 'Cyberbase du Gond inversée', latitude: '', longitude: '' });
    expect(before.json).not.toHaveProperty('latitude');
    expect(before.json).not.toHaveProperty('longitude');
    expect(before.di).toMatchObject({ latitude: null, longitude: null });

    // Fixed by an edit: served again everywhere.
    const fixed = await h.call('PATCH', `/api/v1/lieux/${swapped}`, { user: 'animateur', body: { latitude: 43.7051, longitude: -1.0612 } });
    expect(fixed.status).toBe(200);
    expect(fixed.json).toMatchObject({ latitude: 43.7051, longitude: -1.0612, flags: [] });
    await eventually(
      () => h.call('GET', '/api/v1/lieux?bbox=-1.2,43.6,-0.9,43.8&pageSize=100'),
      (x) => x.json.items.some((i: any) => i.id === swapped && i.latitude === 43.7051 && i.longitude === -1.0612),
      10_000,
    );
    const near = await h.call('GET', '/api/v1/lieux?lat=43.7051&lon=-1.0612&pageSize=2');
    expect(near.json.items.map((i: any) => [i.id, i.distance_m])).toContainEqual([swapped, 0]);
    const after = await exported();
    expect(after.csv).toMatchObject({ latitude: '43.7051', longitude: '-1.0612' });
    expect(after.json).toMatchObject({ latitude: 43.7051, longitude: -1.0612 });
    expect(after.di).toMatchObject({ latitude: 43.7051, longitude: -1.0612 });
  });

  it('a duplicate across two sources is proposed for review, not merged', async () => {
    const before = await countLieux();
    const dup = [
      V102_FIELDS.join(','),
      // The Hinaura lieu "0", seen by another producer ~40 m away with a slightly different name.
      [
        'abondance-msap', '00000000000000', 'Maison de services au public Abondance', 'Abondance', '74360', '74001', 'Place du Champ de Foire', '', '46.2797', '6.7205',
        '', '', '', '', '', '', '', 'autre', '', '', '2025-02-01', 'Aide aux démarches administratives', '', '', '', '', '', '', '', '', '', '',
      ].map((v) => `"${v}"`).join(','),
    ].join('\n');
    const r = await upload(dup, 'source=autre', 'text/csv');
    const { final } = await waitImport(r.json.id);
    expect(final).toMatchObject({ statut: 'termine', crees: 1, doublons: 1 });
    expect(await countLieux()).toBe(before + 1);
    const list = await h.call('GET', '/api/v1/doublons', { user: 'animateur' });
    expect(list.status).toBe(200);
    const proposal = list.json.items.find((d: any) => d.lieu.source_id === 'abondance-msap');
    expect(proposal).toMatchObject({ statut: 'propose', doublon_de: { source: 'hinaura', source_id: '0' } });
    expect(proposal.distance_m).toBeLessThan(200);
    // Both lieux are still active until someone decides.
    const active = await h.query('directory', `SELECT count(*)::int AS n FROM lieu WHERE id = ANY($1::uuid[]) AND statut = 'actif'`, [[proposal.lieu.id, proposal.doublon_de.id]]);
    expect(active[0].n).toBe(2);

    const bad = await h.call('POST', `/api/v1/doublons/${proposal.id}`, { user: 'animateur', body: { decision: 'peut-etre' } });
    expect(bad.status).toBe(400);
    const merged = await h.call('POST', `/api/v1/doublons/${proposal.id}`, { user: 'animateur', body: { decision: 'fusionner' } });
    expect(merged.status).toBe(200);
    expect(merged.json).toMatchObject({ statut: 'fusionne', lieu_ferme: proposal.lieu.id, lieu_garde: proposal.doublon_de.id });
    const states = await h.query('directory', `SELECT id::text, statut FROM lieu WHERE id = ANY($1::uuid[])`, [[proposal.lieu.id, proposal.doublon_de.id]]);
    expect(Object.fromEntries(states.map((s) => [s.id, s.statut]))).toEqual({ [proposal.lieu.id]: 'ferme', [proposal.doublon_de.id]: 'actif' });
    const again = await h.call('POST', `/api/v1/doublons/${proposal.id}`, { user: 'animateur', body: { decision: 'distincts' } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('DOUBLON.ALREADY_DECIDED');
  });

  describe('exports (public)', () => {
    const schemaV102 = JSON.parse(fixture('schema-standard-mediation-num-v1.0.2.json').toString()) as TableSchema;
    let activeCount = 0;
    beforeAll(async () => {
      activeCount = Number((await h.query('directory', `SELECT count(*)::int AS n FROM lieu WHERE statut = 'actif'`))[0].n);
    });

    it('v1.0.2 CSV and JSON validate against the standard’s schema', async () => {
      const csv = await fetch(h.url('/api/v1/export/lieux.csv'));
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = await csv.text();
      expect(text.split(/\r?\n/)[0]).toBe(V102_FIELDS.join(','));
      const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(activeCount);
      expect(validateTable(schemaV102, rows)).toEqual([]);

      const json = await fetch(h.url('/api/v1/export/lieux.json'));
      expect(json.status).toBe(200);
      const items = (await json.json()) as Record<string, unknown>[];
      expect(items).toHaveLength(activeCount);
      expect(validateTable(schemaV102, items)).toEqual([]);
    });

    it('data.inclusion structures and services validate with ajv', async () => {
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const structure = ajv.compile(JSON.parse(fixture('data-inclusion-structure-v1.schema.json').toString()));
      const service = ajv.compile(JSON.parse(fixture('data-inclusion-service-v1.schema.json').toString()));
      const structures = (await (await fetch(h.url('/api/v1/export/data-inclusion/structures.json'))).json()) as unknown[];
      expect(structures).toHaveLength(activeCount);
      expect(structures.filter((s): boolean => !structure(s))).toEqual([]);
      const services = (await (await fetch(h.url('/api/v1/export/data-inclusion/services.json'))).json()) as unknown[];
      expect(services.length).toBeGreaterThan(activeCount);
      expect(services.filter((s): boolean => !service(s))).toEqual([]);
    });

    it('re-importing the CSV export yields the same lieux (nothing created, nothing changed)', async () => {
      const snapshot = async () =>
        h.query('directory', `SELECT id::text, source, source_id, nom, adresse, services, horaires, flags, version FROM lieu ORDER BY id`);
      const before = await snapshot();
      const text = await (await fetch(h.url('/api/v1/export/lieux.csv'))).text();
      const r = await upload(text, 'source=reexport', 'text/csv');
      const { final } = await waitImport(r.json.id);
      expect(final).toMatchObject({ statut: 'termine', rejetes_total: 0, importes: activeCount, crees: 0, mis_a_jour: 0, inchanges: activeCount });
      expect(await snapshot()).toEqual(before);
    });
  });
});

describe('demo data: the Hinaura fixture imported once at boot through the import job', () => {
  const h = new PlatformHarness();
  beforeAll(() => h.start({}, {}, { demoFixturePath: resolve(FIXTURES, 'hinaura-687-lieux-v0.1.json') }));
  afterAll(() => h.stop());

  it('imports the 687 lieux (source hinaura), listed as an import like any other', async () => {
    const imports = await eventually(
      () => h.query('directory', `SELECT source, statut, crees, demande_par FROM lieu_import`),
      (rows) => rows.length === 1 && rows[0].statut === 'termine',
      120_000,
    );
    expect(imports).toEqual([{ source: 'hinaura', statut: 'termine', crees: 687, demande_par: 'demo' }]);
    expect(Number((await h.query('directory', `SELECT count(*)::int AS n FROM lieu WHERE source = 'hinaura'`))[0].n)).toBe(687);
    const list = await h.call('GET', '/api/v1/imports', { user: 'animateur' });
    expect(list.json.items).toEqual([expect.objectContaining({ source: 'hinaura', statut: 'termine', importes: 687 })]);
  });
});
