import { DEMO_STRUCTURES, LieuClosedV1, LieuCreatedV1, LieuUpdatedV1 } from '@pin/contracts';
import { eventually, PlatformHarness } from './platform.harness';
import { directoryEvents } from './lieux-stream';

jest.setTimeout(120_000);

/** A valid lieu of the Mont-de-Marsan demo structure (coordinates in Mont-de-Marsan, Landes). */
const lieu = (over: Record<string, unknown> = {}) => ({
  structure_id: DEMO_STRUCTURES.montDeMarsan,
  nom: 'Espace numérique du Peyrouat',
  adresse: '12 rue du Peyrouat',
  commune: 'Mont-de-Marsan',
  code_postal: '40000',
  code_insee: '40192',
  latitude: 43.8981,
  longitude: -0.5089,
  horaires: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
  services: ['aide-demarches-administratives', 'maitrise-outils-numeriques'],
  frais_a_charge: ['gratuit'],
  demarches: ['caf', 'ameli'],
  ...over,
});

describe('lieux: edit rights, optimistic locking, plausibility checks, events', () => {
  const h = new PlatformHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const count = async () => (await h.query('directory', 'SELECT count(*)::int AS n FROM lieu'))[0].n as number;
  let id: string;

  it('a referent creates a lieu for their structure: public detail with labels, created event on the stream', async () => {
    const r = await h.call('POST', '/api/v1/lieux', { user: 'referent', body: lieu(), headers: { 'x-correlation-id': 'test-lieu-create' } });
    expect(r.status).toBe(201);
    id = r.json.id;
    expect(r.json).toMatchObject({ structure_id: DEMO_STRUCTURES.montDeMarsan, source: 'pin', statut: 'actif', version: 1, flags: [], latitude: 43.8981, longitude: -0.5089 });

    const d = await h.call('GET', `/api/v1/lieux/${id}`);
    expect(d.status).toBe(200);
    expect(d.json.labels.services).toEqual([
      { slug: 'aide-demarches-administratives', label: 'Aide aux démarches administratives' },
      { slug: 'maitrise-outils-numeriques', label: 'Maîtrise des outils numériques du quotidien' },
    ]);
    expect(d.json.demarches_detail.map((x: { slug: string }) => x.slug)).toEqual(['caf', 'ameli']);
    expect(d.json.a_verifier).toBe(false);
    // Closed now: when it opens next (weekday hours: always within the week); open now: nothing.
    if (d.json.ouvert === false) expect(Date.parse(d.json.prochaine_ouverture)).toBeGreaterThan(Date.now());
    else expect(d.json.prochaine_ouverture).toBeNull();
    // Horaires in plain French and "open now" come from the opening-hours module (country fr, Europe/Paris).
    expect(d.json.horaires_description.valid).toBe(true);
    expect(d.json.horaires_description.lines.join(' ')).toMatch(/9 h/);
    expect(typeof d.json.ouvert).toBe('boolean');

    const [event] = await eventually(() => directoryEvents(h, { type: LieuCreatedV1.type, subject: id }), (x) => x.length === 1);
    expect(event.correlationid).toBe('test-lieu-create');
    expect(event.data).toMatchObject({
      id, structure_id: DEMO_STRUCTURES.montDeMarsan, nom: 'Espace numérique du Peyrouat', code_insee: '40192', latitude: 43.8981, longitude: -0.5089,
      services: ['aide-demarches-administratives', 'maitrise-outils-numeriques'], demarches: ['caf', 'ameli'], horaires: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
      version: 1, flags: [], statut: 'actif',
    });
  });

  it("a referent cannot create a lieu for another structure, nor without saying which", async () => {
    const before = await count();
    const other = await h.call('POST', '/api/v1/lieux', { user: 'referent', body: lieu({ structure_id: DEMO_STRUCTURES.dax }) });
    expect(other.status).toBe(403);
    expect(other.json.code).toBe('AUTH.STRUCTURE_SCOPE');
    const none = await h.call('POST', '/api/v1/lieux', { user: 'referent', body: lieu({ structure_id: undefined }) });
    expect(none.status).toBe(400);
    expect(none.json.code).toBe('LIEU.STRUCTURE_REQUIRED');
    const usager = await h.call('POST', '/api/v1/lieux', { user: 'usager', body: lieu() });
    expect(usager.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it("another structure's referent cannot edit or close the lieu; nothing changes", async () => {
    const patch = await h.call('PATCH', `/api/v1/lieux/${id}`, { user: 'referent-dax', body: { nom: 'Piraté' } });
    expect(patch.status).toBe(403);
    expect(patch.json.code).toBe('AUTH.STRUCTURE_SCOPE');
    const close = await h.call('POST', `/api/v1/lieux/${id}/fermeture`, { user: 'referent-dax' });
    expect(close.status).toBe(403);
    const [row] = await h.query('directory', 'SELECT nom, version, statut FROM lieu WHERE id = $1', [id]);
    expect(row).toEqual({ nom: 'Espace numérique du Peyrouat', version: 1, statut: 'actif' });
    expect(await directoryEvents(h, { type: LieuUpdatedV1.type, subject: id })).toEqual([]);
  });

  it('the referent edits with the version read: changed fields listed, updated event; a stale version is refused with 409', async () => {
    const r = await h.call('PATCH', `/api/v1/lieux/${id}`, {
      user: 'referent', body: { version: 1, nom: 'Espace numérique du Peyrouat (Maison de quartier)', telephone: '+33558000099', complement_adresse: null },
    });
    expect(r.status).toBe(200);
    expect(r.json.version).toBe(2);
    expect(r.json.changed.sort()).toEqual(['nom', 'telephone']);
    const [event] = await eventually(() => directoryEvents(h, { type: LieuUpdatedV1.type, subject: id }), (x) => x.length === 1);
    expect(event.data).toMatchObject({ id, version: 2, nom: 'Espace numérique du Peyrouat (Maison de quartier)', telephone: '+33558000099', changed: expect.arrayContaining(['nom', 'telephone']) });

    const stale = await h.call('PATCH', `/api/v1/lieux/${id}`, { user: 'referent', body: { version: 1, nom: 'Trop tard' } });
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe('LIEU.VERSION_CONFLICT');
    expect(stale.json.details).toEqual({ currentVersion: 2 });
    expect((await h.query('directory', 'SELECT nom FROM lieu WHERE id = $1', [id]))[0].nom).toBe('Espace numérique du Peyrouat (Maison de quartier)');
  });

  it('an animateur edits every lieu (also the demo lieu of Dax)', async () => {
    const [dax] = await h.query('directory', `SELECT id, version FROM lieu WHERE source_id = 'demo-france-services-dax'`);
    const r = await h.call('PATCH', `/api/v1/lieux/${dax.id}`, { user: 'animateur', body: { version: dax.version, presentation_resume: 'Avec ou sans rendez-vous.' } });
    expect(r.status).toBe(200);
    expect(r.json.changed).toEqual(['presentation_resume']);
    expect(r.json.flags).toContain('demo');
    const mine = await h.call('PATCH', `/api/v1/lieux/${id}`, { user: 'animateur', body: { services: ['acces-internet-materiel'] } });
    expect(mine.status).toBe(200);
    expect(mine.json.services).toEqual(['acces-internet-materiel']);
  });

  it.each([
    ['outside France (Madrid)', { latitude: 40.4168, longitude: -3.7038 }, 'LIEU.OUTSIDE_FRANCE'],
    ['swapped latitude and longitude', { latitude: -0.5089, longitude: 43.8981 }, 'LIEU.OUTSIDE_FRANCE'],
    ['in another département (Paris for a Landes INSEE code)', { latitude: 48.8566, longitude: 2.3522 }, 'LIEU.OUTSIDE_DEPARTEMENT'],
    ['an unknown INSEE code', { code_insee: '40999' }, 'LIEU.UNKNOWN_INSEE'],
    ['with the postal code of another commune (Dax’s, for Mont-de-Marsan)', { code_postal: '40100' }, 'LIEU.POSTAL_CODE_MISMATCH'],
    ['with a postal code that is no commune’s (04010)', { code_postal: '04010' }, 'LIEU.POSTAL_CODE_MISMATCH'],
    ['an unknown démarche', { demarches: ['caf', 'passeport-galactique'] }, 'DEMARCHE.UNKNOWN'],
    ['unreadable horaires', { horaires: 'Mo-Fr 25:00-26:00' }, 'LIEU.INVALID_HOURS'],
  ])('a lieu %s is refused with 400 and a stable code; nothing is written', async (_label, over, code) => {
    const before = await count();
    const r = await h.call('POST', '/api/v1/lieux', { user: 'animateur', body: lieu(over) });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(code);
    expect(r.json.message).toMatch(/[a-zéè]/);
    expect(await count()).toBe(before);
    // The same rules apply to an edit.
    const p = await h.call('PATCH', `/api/v1/lieux/${id}`, { user: 'animateur', body: over });
    expect(p.status).toBe(400);
    expect(p.json.code).toBe(code);
  });

  it('a postal code of another commune is explained in French, with the commune’s postal codes', async () => {
    const r = await h.call('PATCH', `/api/v1/lieux/${id}`, { user: 'referent', body: { code_postal: '04010' } });
    expect(r.json).toMatchObject({
      code: 'LIEU.POSTAL_CODE_MISMATCH',
      message: "Code postal 04010 : ce n'est pas un code postal de la commune 40192 (Mont-de-Marsan), dont le code postal est 40000.",
      details: { code_postal: '04010', code_insee: '40192', codes_postaux: ['40000'] },
    });
  });

  it('unreadable horaires get the library explanation in French', async () => {
    const r = await h.call('PATCH', `/api/v1/lieux/${id}`, { user: 'referent', body: { horaires: 'Mo-Fr 25:00-26:00' } });
    expect(r.json.message).toBe('Horaires illisibles : La plage horaire commence en dehors du jour actuel.');
  });

  it('malformed input is a 400 REQUEST.INVALID with French details, never a 500', async () => {
    const r = await h.call('POST', '/api/v1/lieux', { user: 'animateur', body: lieu({ latitude: 'nord', services: ['teleportation'] }) });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('REQUEST.INVALID');
    expect(r.json.details.map((d: { path: string }) => d.path).sort()).toEqual(['latitude', 'services.0']);
    expect((await h.call('GET', '/api/v1/lieux/pas-un-uuid')).status).toBe(400);
    const missing = await h.call('GET', '/api/v1/lieux/6f1c1f8e-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('LIEU.NOT_FOUND');
  });

  it('mes-lieux: a referent sees the lieux of their structures only, an animateur all', async () => {
    const r = await h.call('GET', '/api/v1/mes-lieux?pageSize=100', { user: 'referent' });
    expect(r.status).toBe(200);
    expect(r.json.items.length).toBeGreaterThan(0);
    expect(r.json.items.every((l: { structure_id: string }) => l.structure_id === DEMO_STRUCTURES.montDeMarsan)).toBe(true);
    expect(r.json.items.map((l: { id: string }) => l.id)).toContain(id);
    const dax = await h.call('GET', '/api/v1/mes-lieux?pageSize=100', { user: 'referent-dax' });
    expect(dax.json.items.map((l: { id: string }) => l.id)).not.toContain(id);
    const all = await h.call('GET', '/api/v1/mes-lieux?pageSize=100', { user: 'animateur' });
    expect(all.json.total).toBe(r.json.total + dax.json.total);
    const q = await h.call('GET', '/api/v1/mes-lieux?q=peyrouat', { user: 'referent' });
    expect(q.json.items.map((l: { id: string }) => l.id)).toEqual([id]);
  });

  it('closing a lieu records the closed event; it stays readable and listed in mes-lieux', async () => {
    const r = await h.call('POST', `/api/v1/lieux/${id}/fermeture`, { user: 'referent', body: { motif: 'Déménagement' } });
    expect(r.status).toBe(200);
    expect(r.json.statut).toBe('ferme');
    expect(r.json.closed_motif).toBe('Déménagement');
    const [event] = await eventually(() => directoryEvents(h, { type: LieuClosedV1.type, subject: id }), (x) => x.length === 1);
    expect(event.data).toMatchObject({ id, statut: 'ferme', motif: 'Déménagement', nom: 'Espace numérique du Peyrouat (Maison de quartier)' });
    expect((await h.call('POST', `/api/v1/lieux/${id}/fermeture`, { user: 'referent', body: {} })).json.code).toBe('LIEU.CLOSED');
    const closed = await h.call('GET', '/api/v1/mes-lieux?statut=ferme', { user: 'referent' });
    expect(closed.json.items.map((l: { id: string }) => l.id)).toEqual([id]);
  });

  it('demo lieux are seeded once in real Landes communes, marked « [Démo] » and flagged demo', async () => {
    const rows = await h.query('directory', `SELECT nom, code_insee, flags, structure_id FROM lieu WHERE 'demo' = ANY(flags) ORDER BY code_insee`);
    expect(rows.map((r) => r.code_insee)).toEqual(['40001', '40046', '40088', '40184', '40192', '40282']);
    for (const r of rows) {
      expect(r.nom).toMatch(/^\[Démo\] /);
      expect(r.flags).toEqual(['demo']);
      expect([DEMO_STRUCTURES.montDeMarsan, DEMO_STRUCTURES.dax]).toContain(r.structure_id);
    }
  });

  it('référentiels are public', async () => {
    const r = await h.call('GET', '/api/v1/referentiels');
    expect(r.status).toBe(200);
    expect(r.json.services['aide-demarches-administratives']).toBe('Aide aux démarches administratives');
    expect(r.json.signalement_motifs['n-existe-plus']).toBe("Le lieu n'existe plus");
  });

  describe('démarches catalogue', () => {
    it('is public and grouped by theme', async () => {
      const r = await h.call('GET', '/api/v1/demarches');
      expect(r.status).toBe(200);
      const identite = r.json.themes.find((t: { theme: string }) => t.theme === 'Identité et titres');
      expect(identite.demarches.map((d: { slug: string }) => d.slug)).toEqual(expect.arrayContaining(['cni-passeport', 'permis-conduire', 'carte-grise']));
    });

    it('only animateurs (and admins) manage it', async () => {
      const body = { slug: 'pass-sport', libelle: 'Pass’Sport', theme: 'Social et famille' };
      expect((await h.call('POST', '/api/v1/demarches', { user: 'referent', body })).status).toBe(403);
      expect((await h.call('POST', '/api/v1/demarches', { body })).status).toBe(401);
      const r = await h.call('POST', '/api/v1/demarches', { user: 'animateur', body });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ slug: 'pass-sport', actif: true });
      expect((await h.call('POST', '/api/v1/demarches', { user: 'animateur', body })).json.code).toBe('DEMARCHE.ALREADY_EXISTS');
      expect((await h.call('PATCH', '/api/v1/demarches/pass-sport', { user: 'referent', body: { actif: false } })).status).toBe(403);

      // A new démarche can be declared by a lieu at once.
      const created = await h.call('POST', '/api/v1/lieux', { user: 'referent', body: lieu({ nom: 'Maison du sport', demarches: ['pass-sport'] }) });
      expect(created.status).toBe(201);

      const off = await h.call('PATCH', '/api/v1/demarches/pass-sport', { user: 'animateur', body: { actif: false, libelle: 'Pass’Sport (2025)' } });
      expect(off.status).toBe(200);
      expect(off.json).toMatchObject({ actif: false, libelle: 'Pass’Sport (2025)' });
      const pub = await h.call('GET', '/api/v1/demarches');
      expect(JSON.stringify(pub.json)).not.toContain('pass-sport');
      const all = await h.call('GET', '/api/v1/demarches/gestion', { user: 'animateur' });
      expect(JSON.stringify(all.json)).toContain('pass-sport');
      // A deactivated démarche can no longer be chosen.
      const refused = await h.call('POST', '/api/v1/lieux', { user: 'referent', body: lieu({ nom: 'Maison du sport 2', demarches: ['pass-sport'] }) });
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe('DEMARCHE.UNKNOWN');
      expect((await h.call('PATCH', '/api/v1/demarches/inconnue', { user: 'animateur', body: { actif: true } })).status).toBe(404);
    });
  });
});
