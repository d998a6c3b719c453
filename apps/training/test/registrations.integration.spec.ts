import { rpc } from '@pin/contracts';
import { aidant, ANIMATEUR, codeOf, REFERENT, trainingFixture } from './training.fixture';

jest.setTimeout(60_000);

// Real PostgreSQL: seats are given under the session's row lock, one registration at a time.
describe('registrations, capacity and waiting list (real PostgreSQL)', () => {
  let f: Awaited<ReturnType<typeof trainingFixture>>;
  beforeAll(async () => {
    f = await trainingFixture('training_registrations', 60);
  });
  afterAll(async () => {
    await f?.t.teardown();
  });

  it('50 concurrent registrations for the last 5 seats: exactly 5 seats taken, 45 waiting in arrival order', async () => {
    const s = await f.session({ parcoursId: 'parcours-aidant', capacite: 10 });
    for (let i = 0; i < 5; i++) expect(await f.register(aidant(`early-${i}`), s.id)).toMatchObject({ statut: 'inscrit' });

    const answers = (await Promise.all(Array.from({ length: 50 }, (_, i) => f.register(aidant(`rush-${i}`), s.id)))) as Array<{ id: string; statut: string; rangAttente: number | null }>;
    expect(answers.filter((a) => a.statut === 'inscrit')).toHaveLength(5);
    expect(answers.filter((a) => a.statut === 'attente')).toHaveLength(45);

    const rows = (await f.ds.query(`SELECT id, statut, arrivee::int AS arrivee FROM registration WHERE session_id = $1 ORDER BY arrivee`, [s.id])) as Array<{ id: string; statut: string }>;
    // In arrival order: the 10 first served hold the seats, everyone after waits.
    expect(rows.map((r) => r.statut)).toEqual([...Array(10).fill('inscrit'), ...Array(45).fill('attente')]);
    const rankById = new Map(answers.map((a) => [a.id, a.rangAttente]));
    expect(rows.slice(10).map((r) => rankById.get(r.id))).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));

    const session = (await f.sessions.get(rpc({ params: { id: s.id } }))) as { inscrits: number; enAttente: number; placesRestantes: number };
    expect(session).toMatchObject({ inscrits: 10, enAttente: 45, placesRestantes: 0 });
  });

  it('refuses a double registration with INSCRIPTION.DUPLICATE, also when the referent registers the aidant again', async () => {
    const s = await f.session({ moduleId: 'savoir-etre', capacite: 3 });
    await f.register(aidant('dup'), s.id);
    expect(await codeOf(f.register(aidant('dup'), s.id))).toBe('INSCRIPTION.DUPLICATE');
    expect(await codeOf(f.register(REFERENT, s.id, { aidant: { username: 'aidant-dup' } }))).toBe('INSCRIPTION.DUPLICATE');
    // Concurrent doubles: one registration only.
    const codes = await Promise.all(Array.from({ length: 8 }, () => codeOf(f.register(aidant('twin'), s.id))));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'INSCRIPTION.DUPLICATE')).toHaveLength(7);
  });

  it('promotes the first of the waiting list when a seat is cancelled, and not when a waiting person leaves', async () => {
    const s = await f.session({ moduleId: 'cadre-juridique', capacite: 2 });
    const a = (await f.register(aidant('p1'), s.id)) as { id: string };
    await f.register(aidant('p2'), s.id);
    const w1 = (await f.register(aidant('w1'), s.id)) as { id: string; statut: string; rangAttente: number };
    const w2 = (await f.register(aidant('w2'), s.id)) as { id: string; statut: string; rangAttente: number };
    expect([w1.statut, w1.rangAttente, w2.rangAttente]).toEqual(['attente', 1, 2]);

    // A waiting person leaving frees no seat.
    const left = (await f.registrations.cancel(aidant('w2'), rpc({ params: { id: w2.id }, body: {} }))) as { statut: string; promues: string[] };
    expect(left).toMatchObject({ statut: 'annule', promues: [] });

    const cancelled = (await f.registrations.cancel(aidant('p1'), rpc({ params: { id: a.id }, body: { motif: 'Empêchement' } }))) as { statut: string; promues: string[] };
    expect(cancelled).toMatchObject({ statut: 'annule', promues: [w1.id] });
    expect((await f.ds.query(`SELECT statut, promue_le IS NOT NULL AS promue FROM registration WHERE id = $1`, [w1.id]))[0]).toEqual({ statut: 'inscrit', promue: true });
    expect(await codeOf(f.registrations.cancel(aidant('p1'), rpc({ params: { id: a.id }, body: {} })))).toBe('INSCRIPTION.ALREADY_CANCELLED');
    // Someone else's registration is not even visible.
    expect(await codeOf(f.registrations.cancel(aidant('p2'), rpc({ params: { id: w1.id }, body: {} })))).toBe('INSCRIPTION.NOT_FOUND');
    // The cancelled person may register again (at the end of the queue: no seat left).
    expect(await f.register(aidant('p1'), s.id)).toMatchObject({ statut: 'attente', rangAttente: 1 });
  });

  it('a raised capacity gives the new seats to the waiting list in arrival order; never below the people registered', async () => {
    const s = await f.session({ moduleId: 'diagnostic-premier-niveau', capacite: 1 });
    await f.register(aidant('c1'), s.id);
    const waiting = [];
    for (const n of ['c2', 'c3', 'c4']) waiting.push((await f.register(aidant(n), s.id)) as { id: string });
    const change = (user: typeof ANIMATEUR, capacite: unknown) => f.sessions.changeCapacity(user, rpc({ params: { id: s.id }, body: { capacite } }));

    expect(await codeOf(change(REFERENT, 5))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(change(ANIMATEUR, 0))).toBe('REQUEST.INVALID');
    expect(await codeOf(change(ANIMATEUR, '3'))).toBe('REQUEST.INVALID');
    const raised = (await change(ANIMATEUR, 3)) as { capacite: number; inscrits: number; enAttente: number; promues: string[] };
    expect(raised).toMatchObject({ capacite: 3, inscrits: 3, enAttente: 1, placesRestantes: 0 });
    expect(raised.promues).toEqual([waiting[0].id, waiting[1].id]);
    expect((await f.ds.query(`SELECT statut FROM registration WHERE id = $1`, [waiting[2].id]))[0]).toEqual({ statut: 'attente' });

    // Lowered below the 3 people registered: refused, with the count.
    const below = await f.sessions.changeCapacity(ANIMATEUR, rpc({ params: { id: s.id }, body: { capacite: 2 } })).catch((e: unknown) => e as { code: string; message: string });
    expect(below).toMatchObject({ code: 'SESSION.CAPACITY_BELOW_REGISTERED' });
    expect((below as { message: string }).message).toContain('(3)');
    // Lowered to the people registered: allowed, nobody promoted; the capacity holds for the next cancellation.
    expect(await change(ANIMATEUR, 3)).toMatchObject({ capacite: 3, promues: [] });

    await f.sessions.cancel(ANIMATEUR, rpc({ params: { id: s.id }, body: { motif: 'Salle indisponible' } }));
    expect(await codeOf(change(ANIMATEUR, 10))).toBe('SESSION.CANCELLED');
  });

  it('refuses registrations on a cancelled session (SESSION.CANCELLED), and the session cannot be cancelled twice', async () => {
    const s = await f.session({ moduleId: 'enjeux-societaux', capacite: 5 });
    await f.sessions.cancel(ANIMATEUR, rpc({ params: { id: s.id }, body: { motif: 'Formateur malade' } }));
    expect(await codeOf(f.register(aidant('late'), s.id))).toBe('SESSION.CANCELLED');
    expect(await codeOf(f.sessions.cancel(ANIMATEUR, rpc({ params: { id: s.id }, body: { motif: 'Encore' } })))).toBe('SESSION.CANCELLED');
  });

  it('lets a referent register an aidant of their own structure only', async () => {
    const s = await f.session({ moduleId: 'donnees-personnelles', capacite: 5 });
    expect(await f.register(REFERENT, s.id, { aidant: { username: 'aidant-ref', nom: 'Paul Aidant' } })).toMatchObject({ statut: 'inscrit', structureId: REFERENT.structures[0] });
    expect(await codeOf(f.register(REFERENT, s.id, { aidant: { username: 'aidant-x' }, structureId: '0a1b2c3d-0000-4000-8000-000000000002' }))).toBe('AUTH.STRUCTURE_SCOPE');
    expect(await codeOf(f.register(aidant('plain'), s.id, { aidant: { username: 'aidant-y' } }))).toBe('AUTH.FORBIDDEN');
    expect(await codeOf(f.register(aidant('bad'), s.id, { unknown: 1 }))).toBe('REQUEST.INVALID');
    expect(await codeOf(f.register(aidant('bad'), '00000000-0000-4000-8000-000000000000'))).toBe('SESSION.NOT_FOUND');
  });

  it('gives an RFC 5545 calendar of a registration', async () => {
    const s = await f.session({ parcoursId: 'parcours-aidant', capacite: 5, demiJournees: [{ date: '2099-03-02', periode: 'apres-midi' }, { date: '2099-03-02', periode: 'matin' }] });
    const r = (await f.register(aidant('cal'), s.id)) as { id: string };
    const cal = (await f.registrations.calendar(aidant('cal'), rpc({ params: { id: r.id } }))) as { contenu: string; type: string };
    expect(cal.type).toMatch(/^text\/calendar/);
    const lines = cal.contenu.split('\r\n');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    // Sorted half-days: the morning (08:00 UTC in winter) is n° 1.
    expect(lines).toContain('DTSTART:20990302T080000Z');
    expect(lines).toContain('DTSTART:20990302T123000Z');
    expect(lines).toContain('URL:https://visio.example.org/salle-1');
    expect(await codeOf(f.registrations.calendar(aidant('other'), rpc({ params: { id: r.id } })))).toBe('INSCRIPTION.NOT_FOUND');
  });
});
