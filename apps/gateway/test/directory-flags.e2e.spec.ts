import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { DEMO_STRUCTURES, type DirectoryDashboard, type ImportView, type MesLieuxReply, type SignalementListReply } from '@pin/contracts';
import { repoRoot, type TableSchema } from '@pin/testing';
import { eventually, PlatformHarness } from './platform.harness';

jest.setTimeout(180_000);

const V102_FIELDS = (
  JSON.parse(readFileSync(resolve(repoRoot(), 'apps/directory/data/schema-standard-mediation-num-v1.0.2.json')).toString()) as TableSchema
).fields.map((f) => f.name);
const line = (v: Record<string, string>) => V102_FIELDS.map((f) => `"${(v[f] ?? '').replace(/"/g, '""')}"`).join(',');

/**
 * Flagged lieux for the import and moderation screens: the import report counts flagged rows by
 * flag (lines and lieu ids), unreadable horaires are withheld from the public until fixed, the
 * animateur's list filters by flag and source, the moderation queue shows the current value of
 * the reported field, and the directory's dashboard counts what waits, scoped by role.
 */
describe('flagged lieux: import report, withheld horaires, mes-lieux filters, moderation values, dashboard', () => {
  const h = new PlatformHarness();
  beforeAll(() => h.start({ RATE_LIMIT_NAMESPACE: `pin:test-ratelimit:${randomUUID()}:` }));
  afterAll(() => h.stop());

  async function importCsv(csv: string, source: string): Promise<ImportView> {
    const res = await fetch(h.url(`/api/v1/imports?source=${source}`), {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token('animateur')}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    return eventually(
      async () => (await h.call('GET', `/api/v1/imports/${id}`, { user: 'animateur' })).json as ImportView,
      (s) => s.statut === 'termine' || s.statut === 'echoue',
      60_000,
    );
  }

  const landes = {
    pivot: '00000000000000', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192', adresse: '1 place du Général Leclerc',
    latitude: '43.8906', longitude: '-0.4996', date_maj: '2025-01-15', services: 'Aide aux démarches administratives',
  };
  let report: ImportView;
  let reims: string;
  let unreadable: string;
  let good: string;

  it('the import report counts the flagged lieux by flag, with their lines and lieu ids', async () => {
    const csv = [
      V102_FIELDS.join(','),
      line({ ...landes, id: 'ok-1', nom: 'Espace numérique du Marsan', horaires: 'Mo-Fr 09:00-18:00; PH off' }), // 2: clean
      // 3: a Reims INSEE code with Provence coordinates (Aix-en-Provence): kept, flagged hors-departement.
      line({ ...landes, id: 'reims-aix', nom: 'Cyberespace de Reims', commune: 'Reims', code_postal: '51100', code_insee: '51454', adresse: '9 rue de Vesle', latitude: '43.5297', longitude: '5.4474' }),
      line({ ...landes, id: 'rejet', nom: '' }), // 4: rejected
      line({ ...landes, id: 'illisible', nom: 'Atelier numérique des Arènes', horaires: 'le mardi quand il fait beau' }), // 5: flagged horaires-invalides
      line({ ...landes, id: 'sans-position', nom: 'Point numérique sans position', latitude: '', longitude: '', horaires: 'pas du tout des horaires' }), // 6: two flags
    ].join('\n');
    report = await importCsv(csv, 'flags-test');
    const ids = Object.fromEntries(
      (await h.query('directory', `SELECT source_id, id::text AS id FROM lieu WHERE source = 'flags-test'`)).map((r) => [r.source_id, r.id as string]),
    );
    [reims, unreadable, good] = [ids['reims-aix'], ids.illisible, ids['ok-1']];
    expect(report).toMatchObject({
      statut: 'termine', total: 5, importes: 4, rejetes_total: 1, rejetes: [{ ligne: 4, motif: 'Champ obligatoire manquant : nom.' }],
      signales_total: 3,
      signales_par_flag: { 'hors-departement': 1, 'horaires-invalides': 2, 'coordonnees-manquantes': 1 },
    });
    expect(report.signales).toEqual([
      { flag: 'horaires-invalides', libelle: 'Horaires illisibles', total: 2, lignes: [{ ligne: 5, lieu_id: unreadable }, { ligne: 6, lieu_id: ids['sans-position'] }] },
      { flag: 'coordonnees-manquantes', libelle: 'Position manquante', total: 1, lignes: [{ ligne: 6, lieu_id: ids['sans-position'] }] },
      { flag: 'hors-departement', libelle: 'Position hors du département de la commune', total: 1, lignes: [{ ligne: 3, lieu_id: reims }] },
    ]);
    // The list of imports carries the counts (not the rows).
    const list = await h.call('GET', '/api/v1/imports', { user: 'animateur' });
    const listed = list.json.items.find((i: ImportView) => i.id === report.id);
    expect(listed).toMatchObject({ signales_total: 3, signales_par_flag: { 'hors-departement': 1, 'horaires-invalides': 2, 'coordonnees-manquantes': 1 } });
    expect(listed).not.toHaveProperty('signales');
  });

  it('re-importing the same file reports the same flags (unchanged rows keep theirs), no double count', async () => {
    const csv = [V102_FIELDS.join(','), line({ ...landes, id: 'illisible', nom: 'Atelier numérique des Arènes', horaires: 'le mardi quand il fait beau' })].join('\n');
    const again = await importCsv(csv, 'flags-test');
    expect(again).toMatchObject({ statut: 'termine', inchanges: 1, signales_total: 1, signales_par_flag: { 'horaires-invalides': 1 } });
    expect(again.signales).toEqual([{ flag: 'horaires-invalides', libelle: 'Horaires illisibles', total: 1, lignes: [{ ligne: 2, lieu_id: unreadable }] }]);
  });

  it('unreadable horaires are withheld from the public (detail, search, exports) but shown to the animateur', async () => {
    const detail = await h.call('GET', `/api/v1/lieux/${unreadable}`);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ horaires: null, horaires_description: null, ouvert: null, flags: ['horaires-invalides'] });
    const found = await eventually(
      () => h.call('GET', `/api/v1/lieux?q=${encodeURIComponent('atelier arènes')}`),
      (x) => x.status === 200 && x.json.items.some((i: any) => i.id === unreadable),
    );
    const item = found.json.items.find((i: any) => i.id === unreadable);
    expect(item).toMatchObject({ ouvert: null, flags: ['horaires-invalides'] });
    expect(item.horaires ?? null).toBeNull();
    // Never matched as open.
    const open = await h.call('GET', `/api/v1/lieux?q=${encodeURIComponent('atelier arènes')}&ouvert_le=2026-12-01T10:00`);
    expect(open.json.items.map((i: any) => i.id)).not.toContain(unreadable);
    const csvRows = parseCsv(await (await fetch(h.url('/api/v1/export/lieux.csv'))).text(), { columns: true }) as Record<string, string>[];
    expect(csvRows.find((r) => r.id === unreadable)).toMatchObject({ horaires: '' });
    expect(csvRows.find((r) => r.id === good)).toMatchObject({ horaires: 'Mo-Fr 09:00-18:00; PH off' });
    const json = (await (await fetch(h.url('/api/v1/export/lieux.json'))).json()) as Record<string, unknown>[];
    expect(json.find((r) => r.id === unreadable)?.horaires ?? null).toBeNull();
    // The Reims/Provence lieu: listed, its position withheld.
    expect((await h.call('GET', `/api/v1/lieux/${reims}`)).json).toMatchObject({ latitude: null, longitude: null, flags: ['hors-departement'] });

    const mine = await h.call('GET', `/api/v1/mes-lieux?q=${encodeURIComponent('atelier arènes')}`, { user: 'animateur' });
    expect(mine.json.items).toEqual([
      expect.objectContaining({
        id: unreadable, horaires: 'le mardi quand il fait beau', source: 'flags-test', source_id: 'illisible', flags: ['horaires-invalides'],
        flags_detail: [{ slug: 'horaires-invalides', label: 'Horaires illisibles' }],
      }),
    ]);
  });

  it('mes-lieux filters by flag (or any flag) and by source, paginated, each row with its flags', async () => {
    const get = async (query: string, user = 'animateur') => {
      const r = await h.call('GET', `/api/v1/mes-lieux?${query}`, { user });
      expect(r.status).toBe(200);
      return r.json as MesLieuxReply;
    };
    const byFlag = await get('flag=hors-departement&source=flags-test');
    expect(byFlag.items.map((i) => [i.id, i.flags])).toEqual([[reims, ['hors-departement']]]);
    expect(byFlag.items[0]).toMatchObject({ latitude: 43.5297, longitude: 5.4474, source: 'flags-test' });
    const any = await get('flag=tous-signales&source=flags-test');
    expect(any.total).toBe(3);
    expect(any.items.map((i) => i.id)).not.toContain(good);
    expect(any.items.every((i) => i.flags.length > 0)).toBe(true);
    const page2 = await get('flag=tous-signales&source=flags-test&pageSize=2&page=2');
    expect({ total: page2.total, n: page2.items.length, page: page2.page }).toEqual({ total: 3, n: 1, page: 2 });
    expect((await get('source=flags-test')).total).toBe(4);
    expect((await get('source=FLAGS-TEST&flag=horaires-invalides')).total).toBe(2);
    // Demo lieux carry `demo`, which is not a problem flag.
    expect((await get('flag=demo')).total).toBe(6);
    expect((await get('flag=tous-signales&source=pin')).items.every((i) => i.source === 'pin')).toBe(true);
    // A referent sees only their structures' lieux, filters included (imported lieux have no structure).
    expect((await get('source=flags-test', 'referent')).total).toBe(0);
    for (const bad of ['flag=hante', 'source=a', 'source=x%20y']) {
      const r = await h.call('GET', `/api/v1/mes-lieux?${bad}`, { user: 'animateur' });
      expect({ bad, status: r.status, code: r.json.code }).toEqual({ bad, status: 400, code: 'REQUEST.INVALID' });
    }
  });

  it('an edit that fixes the horaires clears the flag and serves them again', async () => {
    const before = (await h.call('GET', `/api/v1/lieux/${unreadable}`)).json;
    const bad = await h.call('PATCH', `/api/v1/lieux/${unreadable}`, { user: 'animateur', body: { horaires: 'toujours pas', version: before.version } });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('LIEU.INVALID_HOURS');
    const fixed = await h.call('PATCH', `/api/v1/lieux/${unreadable}`, { user: 'animateur', body: { horaires: 'Tu 14:00-18:00', version: before.version } });
    expect(fixed.status).toBe(200);
    expect(fixed.json).toMatchObject({ horaires: 'Tu 14:00-18:00', flags: [], changed: expect.arrayContaining(['horaires', 'flags']) });
    expect(fixed.json.horaires_description).not.toBeNull();
    const mine = await h.call('GET', '/api/v1/mes-lieux?flag=horaires-invalides&source=flags-test', { user: 'animateur' });
    expect(mine.json.items.map((i: any) => i.id)).not.toContain(unreadable);
    await eventually(
      () => h.call('GET', `/api/v1/lieux?q=${encodeURIComponent('atelier arènes')}&ouvert_le=2026-12-01T15:00`),
      (x) => x.status === 200 && x.json.items.some((i: any) => i.id === unreadable),
    );
  });

  it('the moderation queue gives, per report, the lieu and the current value of the reported field', async () => {
    const created = await h.call('POST', '/api/v1/lieux', {
      user: 'referent',
      body: {
        structure_id: DEMO_STRUCTURES.montDeMarsan, nom: 'Point numérique des Arènes', adresse: '2 rue Victor Hugo', commune: 'Mont-de-Marsan',
        code_postal: '40000', code_insee: '40192', latitude: 43.8906, longitude: -0.499, horaires: 'Mo-Fr 09:00-12:00', telephone: '+33558000000',
        services: ['aide-demarches-administratives', 'acces-internet-materiel'],
      },
    });
    expect(created.status).toBe(201);
    const lieuId = created.json.id as string;
    const reports: Record<string, string> = {};
    for (const [motif, commentaire] of [['horaires', 'Fermé le vendredi.'], ['contacts', 'Le numéro est le 05 58 11 11 11.'], ['services', 'Plus d’ordinateurs.'], ['adresse', 'C’est au 4.'], ['autre', 'Bruyant.']]) {
      const r = await h.call('POST', `/api/v1/lieux/${lieuId}/signalements`, { body: { motif, commentaire } });
      expect(r.status).toBe(201);
      reports[motif] = r.json.id;
    }
    const list = await h.call('GET', `/api/v1/signalements?lieu_id=${lieuId}&statut=ouvert`, { user: 'referent' });
    expect(list.status).toBe(200);
    const byMotif = Object.fromEntries((list.json as SignalementListReply).items.map((i) => [i.motif, i]));
    expect(byMotif.horaires).toMatchObject({
      id: reports.horaires, lieu_id: lieuId, lieu_nom: 'Point numérique des Arènes', commentaire: 'Fermé le vendredi.',
      champs: ['horaires'], valeur_actuelle: { horaires: 'Mo-Fr 09:00-12:00' }, valeur_actuelle_texte: 'Mo-Fr 09:00-12:00',
    });
    expect(byMotif.contacts).toMatchObject({
      champs: ['telephone', 'courriels', 'site_web'], valeur_actuelle: { telephone: '+33558000000', courriels: [], site_web: [] },
      valeur_actuelle_texte: 'Téléphone : +33558000000 ; Courriel : non renseigné ; Site web : non renseigné',
    });
    expect(byMotif.services).toMatchObject({
      valeur_actuelle: { services: ['aide-demarches-administratives', 'acces-internet-materiel'] },
      valeur_actuelle_texte: expect.stringContaining('démarches administratives'),
    });
    expect(byMotif.adresse).toMatchObject({
      valeur_actuelle: { adresse: '2 rue Victor Hugo', code_postal: '40000', commune: 'Mont-de-Marsan', code_insee: '40192', latitude: 43.8906, longitude: -0.499 },
      valeur_actuelle_texte: '2 rue Victor Hugo, 40000 Mont-de-Marsan (position 43.8906, -0.499)',
    });
    expect(byMotif.autre).toMatchObject({ champs: [], valeur_actuelle: null, valeur_actuelle_texte: null });
    // A correction shows up as the new current value.
    const resolved = await h.call('POST', `/api/v1/signalements/${reports.horaires}/resolution`, {
      user: 'referent', body: { action: 'corriger', motif: 'Vérifié par téléphone.', correction: { horaires: 'Mo-Th 09:00-12:00' } },
    });
    expect(resolved.status).toBe(200);
    const after = await h.call('GET', `/api/v1/signalements?lieu_id=${lieuId}`, { user: 'animateur' });
    expect(after.json.items.find((i: any) => i.id === reports.horaires)).toMatchObject({ statut: 'corrige', valeur_actuelle: { horaires: 'Mo-Th 09:00-12:00' } });
  });

  it('the dashboard counts what waits: the whole network for an animateur, their structures for a référent', async () => {
    const animateur = await h.call('GET', '/api/v1/annuaire/tableau-de-bord', { user: 'animateur' });
    expect(animateur.status).toBe(200);
    const d = animateur.json as DirectoryDashboard;
    const [expected] = await h.query(
      'directory',
      `SELECT (SELECT count(*)::int FROM signalement WHERE statut = 'ouvert') AS open_reports,
              (SELECT count(*)::int FROM lieu_doublon WHERE statut = 'propose') AS duplicates,
              (SELECT count(*)::int FROM lieu WHERE statut = 'actif') AS active,
              (SELECT count(*)::int FROM structure) AS structures`,
    );
    expect(d).toMatchObject({
      perimetre: 'reseau', signalements_ouverts: expected.open_reports, doublons_a_examiner: expected.duplicates, lieux_actifs: expected.active,
      structures: expected.structures,
    });
    expect(d.signalements_ouverts).toBe(4);
    const flags = Object.fromEntries(d.lieux_signales_par_flag.map((f) => [f.flag, f.total]));
    expect(flags).toMatchObject({ 'hors-departement': 1, 'horaires-invalides': 1, 'coordonnees-manquantes': 1 });
    expect(flags).not.toHaveProperty('demo');
    expect(d.lieux_signales_par_flag.find((f) => f.flag === 'hors-departement')?.libelle).toBe('Position hors du département de la commune');
    expect(d.lieux_signales).toBeGreaterThanOrEqual(2);
    expect(d.derniers_imports.length).toBeGreaterThanOrEqual(2);
    expect(d.derniers_imports[0]).toMatchObject({ source: 'flags-test', statut: 'termine', importes: 1, signales_total: 1 });
    expect(d.derniers_imports.find((i) => i.id === report.id)).toMatchObject({ importes: 4, rejetes_total: 1, signales_total: 3, created_at: expect.any(String) });

    const referent = await h.call('GET', '/api/v1/annuaire/tableau-de-bord', { user: 'referent' });
    expect(referent.status).toBe(200);
    const [mdm] = await h.query('directory', `SELECT count(*)::int AS n FROM lieu WHERE statut = 'actif' AND structure_id = $1`, [DEMO_STRUCTURES.montDeMarsan]);
    expect(referent.json).toEqual({
      perimetre: 'structures', structures: 1, lieux_actifs: mdm.n, signalements_ouverts: 4, doublons_a_examiner: null, lieux_signales: 0,
      lieux_signales_par_flag: [], derniers_imports: [],
    });
    const dax = await h.call('GET', '/api/v1/annuaire/tableau-de-bord', { user: 'referent-dax' });
    expect(dax.json).toMatchObject({ perimetre: 'structures', signalements_ouverts: 0 });

    expect((await h.call('GET', '/api/v1/annuaire/tableau-de-bord')).status).toBe(401);
    const usager = await h.call('GET', '/api/v1/annuaire/tableau-de-bord', { user: 'usager' });
    expect({ status: usager.status, code: usager.json.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
  });
});
