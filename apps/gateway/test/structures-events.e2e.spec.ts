import { DEMO_STRUCTURES, StructureCreatedV1 } from '@pin/contracts';
import { eventually, PlatformHarness } from './platform.harness';

jest.setTimeout(90_000);

describe('structures slice: directory owns them, mandates learns them from events', () => {
  const h = new PlatformHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('creating a structure emits pin.directory.structure.created.v1 and mandates projects it', async () => {
    const r = await h.call('POST', '/api/v1/structures', {
      user: 'animateur',
      body: { nom: 'Espace numérique de Saint-Sever', commune: 'Saint-Sever', codeInsee: '40282', siret: '21400282700019' },
      headers: { 'x-correlation-id': 'test-corr-structure-1' },
    });
    expect(r.status).toBe(201);
    const id = r.json.id;
    const [event] = await h.query('directory', `SELECT subject, payload FROM outbox WHERE payload::jsonb->>'subject' = $1`, [id]);
    expect(event.subject).toBe(StructureCreatedV1.type);
    expect(JSON.parse(event.payload)).toMatchObject({ specversion: '1.0', source: 'pin/directory', correlationid: 'test-corr-structure-1', data: { id, nom: 'Espace numérique de Saint-Sever' } });
    const rows = await eventually(() => h.query('mandates', 'SELECT nom, commune, source_version FROM known_structure WHERE id = $1', [id]), (x) => x.length === 1);
    expect(rows[0]).toEqual({ nom: 'Espace numérique de Saint-Sever', commune: 'Saint-Sever', source_version: 1 });
  });

  it('the demo structures reached mandates too, and an update is projected', async () => {
    await eventually(() => h.query('mandates', 'SELECT id FROM known_structure WHERE id = $1', [DEMO_STRUCTURES.dax]), (x) => x.length === 1);
    const r = await h.call('PATCH', `/api/v1/structures/${DEMO_STRUCTURES.dax}`, { user: 'referent-dax', body: { nom: 'France Services du Grand Dax' } });
    expect(r.status).toBe(200);
    expect(r.json.version).toBe(2);
    const [row] = await eventually(() => h.query('mandates', 'SELECT nom, source_version FROM known_structure WHERE id = $1', [DEMO_STRUCTURES.dax]), (x) => x[0]?.source_version === 2);
    expect(row.nom).toBe('France Services du Grand Dax');
  });

  it('a rolled-back creation emits nothing', async () => {
    const [{ n: before }] = await h.query('directory', 'SELECT count(*)::int AS n FROM outbox');
    const [{ n: structuresBefore }] = await h.query('directory', 'SELECT count(*)::int AS n FROM structure');
    // Same SIRET as the first test: the transaction fails after the check, nothing is written.
    const r = await h.call('POST', '/api/v1/structures', { user: 'animateur', body: { nom: 'Doublon', commune: 'Dax', siret: '21400282700019' } });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('STRUCTURE.SIRET_TAKEN');
    expect((await h.query('directory', 'SELECT count(*)::int AS n FROM outbox'))[0].n).toBe(before);
    expect((await h.query('directory', 'SELECT count(*)::int AS n FROM structure'))[0].n).toBe(structuresBefore);
  });

  it('a stale version is refused with 409 and changes nothing', async () => {
    const r = await h.call('PATCH', `/api/v1/structures/${DEMO_STRUCTURES.montDeMarsan}`, { user: 'animateur', body: { nom: 'Autre nom', version: 99 } });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('STRUCTURE.VERSION_CONFLICT');
  });
});
