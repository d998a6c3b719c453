import { DEMO_STRUCTURES, REQUESTS, rpc, StructureCreatedV1 } from '@pin/contracts';
import { connectNats } from '@pin/messaging';
import { nestRequest } from '@pin/testing';
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

  it('the gateway answers a structure from its cache until the directory announces a change, or a write goes through it', async () => {
    const id = DEMO_STRUCTURES.montDeMarsan;
    const read = async (user = 'animateur') => h.call('GET', `/api/v1/structures/${id}`, { user });
    const first = await read();
    expect(first.status).toBe(200);
    // Changed behind the directory's back (no event): the cached answer is still served — the
    // gateway did not ask the directory again.
    await h.query('directory', 'UPDATE structure SET commune = $2 WHERE id = $1', [id, 'Changée sans événement']);
    expect((await read()).json).toEqual(first.json);
    // Another user's request is its own entry, checked by the directory: a referent of another
    // structure still gets 404, even though the animateur's answer is cached.
    expect((await read('referent-dax')).status).toBe(404);

    // A change made through another gateway replica (straight to the directory over NATS): its
    // event reaches this gateway, which drops the entry; the next read asks the directory.
    const nc = await connectNats({ ...h.nats.endpoint('tools'), name: 'test-other-replica' });
    try {
      const animateur = { sub: 'other-replica-animateur', username: 'animateur', roles: ['animateur' as const], structures: [] };
      await nestRequest(nc, REQUESTS.directory.structureUpdate, rpc({ params: { id }, body: { nom: 'Maison France Services de Mont-de-Marsan' } }), { user: animateur });
    } finally {
      await nc.close();
    }
    const updated = await eventually(read, (r) => r.json?.nom === 'Maison France Services de Mont-de-Marsan');
    expect(updated.json).toMatchObject({ commune: 'Changée sans événement', version: first.json.version + 1 });

    // A write through this gateway: the next read sees it at once (no waiting for the event).
    const patched = await h.call('PATCH', `/api/v1/structures/${id}`, { user: 'animateur', body: { nom: 'MFS Mont-de-Marsan' } });
    expect(patched.status).toBe(200);
    expect((await read()).json).toMatchObject({ nom: 'MFS Mont-de-Marsan', version: patched.json.version });
  });
});
