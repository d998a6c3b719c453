// « Partagés avec moi »: the safe in-process against the machine's real PostgreSQL and Redis, a
// private nats-server (mandate events published on JetStream, projected by the safe) and the
// filesystem storage. An aidant lists, across usagers, what is shared with them or their structure
// under an active mandate; nothing else.
import { randomUUID } from 'node:crypto';
import { MandateCreatedV1, REQUESTS, type Demarche, type Page, type SafeCategory, type SafeSharedDocument, type UserContext } from '@pin/contracts';
import { aidantUser, pdfWith, publish, until } from './safe.fixtures';
import { useSafeTestEnv } from './safe-test-env';

jest.setTimeout(120_000);

const R = REQUESTS.safe;
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('safe: « Partagés avec moi », the aidant’s shares across usagers', () => {
  const env = useSafeTestEnv({ name: 'shared' });
  const { call, failure, newUsager } = env;
  const deposit = async (user: UserContext, categorie: SafeCategory, nom: string) => {
    const r = await env.edge.deposit(user, { categorie, nom, expireLe: '2031-01-31' }, await pdfWith(nom));
    expect(r.status).toBe(201);
    return r.body as { id: string };
  };
  const share = (user: UserContext, body: Record<string, unknown>) => call<{ id: string }>(R.shareCreate, user, { body: { jusquAu: inAWeek(), ...body } });
  const mandate = async (usagerId: string, structureId: string, demarches: Demarche[]) => {
    const mandatId = randomUUID();
    await publish(env.js, MandateCreatedV1, mandatId, {
      mandatId, usagerId, structureId, autorisations: demarches.map((demarche) => ({ autorisationId: randomUUID(), demarche })),
      debut: new Date(Date.now() - 60_000).toISOString(), fin: new Date(Date.now() + 86_400_000).toISOString(), dureeJours: 1, remplace: [],
    });
    await until(async () => ((await env.ds.query(`SELECT 1 FROM mandate_autorisation WHERE mandat_id = $1`, [mandatId])) as unknown[]).length > 0);
  };
  const received = (aidant: UserContext, structureId: string, query: Record<string, unknown> = {}) =>
    call<Page<SafeSharedDocument>>(R.sharedWithMe, aidant, { structureId, query });

  it('lists shares in force to the structure and to the named aidant, under mandate; not revoked, expired or unmandated ones, nor another structure’s', async () => {
    const structureId = randomUUID();
    const aidant = aidantUser(structureId);
    const colleague = aidantUser(structureId);
    const outsider = aidantUser(randomUUID());

    // Usager A: a mandate with the structure covering papiers, social, logement and argent.
    const a = newUsager();
    await mandate(a.usagerId, structureId, ['papiers', 'social', 'logement', 'argent']);
    const carte = await deposit(a.user, 'identite', 'carte.pdf');
    const caf = await deposit(a.user, 'ressources', 'caf.pdf');
    const bail = await deposit(a.user, 'logement', 'bail.pdf');
    const impots = await deposit(a.user, 'impots', 'avis.pdf');
    await share(a.user, { categorie: 'identite', structureId });
    await share(a.user, { documentId: caf.id, structureId, aidantSub: aidant.sub });
    const revoked = await share(a.user, { categorie: 'logement', structureId });
    await call(R.shareRevoke, a.user, { params: { id: revoked.id } });
    const expired = await share(a.user, { categorie: 'impots', structureId });
    await env.ds.query(`UPDATE share SET jusqu_au = now() - interval '1 minute' WHERE id = $1`, [expired.id]);

    // Usager B shares with the structure but has no mandate with it; usager C's mandate covers another démarche.
    const b = newUsager();
    await deposit(b.user, 'identite', 'carte-b.pdf');
    await share(b.user, { categorie: 'identite', structureId });
    const c = newUsager();
    await mandate(c.usagerId, structureId, ['famille']);
    await deposit(c.user, 'emploi', 'cv.pdf');
    await share(c.user, { categorie: 'emploi', structureId });
    const famille = await deposit(c.user, 'famille', 'livret.pdf');
    await share(c.user, { categorie: 'famille', structureId });

    const journalBefore = (await call<unknown[]>(R.journal, a.user)).length;
    const mine = await received(aidant, structureId);
    expect(mine.total).toBe(3);
    const byId = new Map(mine.items.map((d) => [d.id, d]));
    expect([...byId.keys()].sort()).toEqual([carte.id, caf.id, famille.id].sort());
    expect(byId.get(carte.id)).toEqual({
      id: carte.id, usagerId: a.usagerId, categorie: 'identite', delivreLe: null, expireLe: '2031-01-31', deposeLe: expect.any(String), partageJusquAu: expect.any(String), nominatif: false,
    });
    expect(byId.get(caf.id)).toMatchObject({ usagerId: a.usagerId, categorie: 'ressources', nominatif: true });
    expect(byId.get(famille.id)).toMatchObject({ usagerId: c.usagerId, categorie: 'famille' });
    // Nothing decrypted: no name, no description.
    expect(JSON.stringify(mine)).not.toContain('.pdf');
    expect([bail.id, impots.id].some((id) => byId.has(id))).toBe(false);

    // The colleague of the same structure: the structure's shares, not the one naming the aidant.
    const theirs = await received(colleague, structureId);
    expect(theirs.items.map((d) => d.id).sort()).toEqual([carte.id, famille.id].sort());

    // Another structure's aidant sees nothing, and cannot act for a structure not theirs (404 as elsewhere).
    expect(await received(outsider, outsider.structures[0]!)).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
    expect(await failure(received(outsider, structureId))).toBe('DOCUMENT.NOT_FOUND');
    // A usager is not an aidant.
    expect(await failure(received(a.user, structureId))).toBe('AUTH.FORBIDDEN');

    // Page by page, in a stable order.
    const p1 = await received(aidant, structureId, { page: 1, pageSize: 2 });
    const p2 = await received(aidant, structureId, { page: 2, pageSize: 2 });
    expect([p1.items.length, p2.items.length, p1.total, p2.total]).toEqual([2, 1, 3, 3]);
    expect([...p1.items, ...p2.items].map((d) => d.id)).toEqual(mine.items.map((d) => d.id));
    expect(await received(aidant, structureId, { page: 5, pageSize: 2 })).toEqual({ items: [], page: 5, pageSize: 2, total: 3 });
    expect(await failure(received(aidant, structureId, { pageSize: 1000 }))).toBe('REQUEST.INVALID');

    // As the per-usager listing: nothing journaled by listing.
    expect((await call<unknown[]>(R.journal, a.user)).length).toBe(journalBefore);

    // The usager revokes: gone at once.
    const shares = await call<{ id: string; categorie: string | null }[]>(R.shareList, a.user);
    await call(R.shareRevoke, a.user, { params: { id: shares.find((s) => s.categorie === 'identite')!.id } });
    expect((await received(aidant, structureId)).items.map((d) => d.id).sort()).toEqual([caf.id, famille.id].sort());
  });
});
