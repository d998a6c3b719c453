import { randomUUID } from 'node:crypto';
import { RegistrationRemindedV1, rpc } from '@pin/contracts';
import { createRedis } from '@pin/jobs';
import { Outbox } from '@pin/messaging';
import { DiagnosticRetentionService } from '../src/diagnostic/retention/diagnostic-retention.service';
import { TrainingScheduleWorker } from '../src/schedule/training-schedule.worker';
import { SessionReminders } from '../src/sessions/session-reminders.service';
import { aidant, ANIMATEUR, REFERENT, trainingFixture } from './training.fixture';

jest.setTimeout(60_000);

const DAY = 86_400_000;
/** A date `days` from now (UTC calendar day), as the forms send it. */
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

type Reminded = { data: { registrationId: string; sessionId: string; aidantSub: string | null; structureId: string | null; startsAt: string } };

// Real PostgreSQL and Redis (BullMQ job scheduler): the reminder before a session is recorded once
// per seat, by the scheduled scan itself, and announced through the outbox with ids only.
describe('reminders before a session (BullMQ scheduled scan, real PostgreSQL and Redis)', () => {
  let f: Awaited<ReturnType<typeof trainingFixture>>;
  const redis = createRedis('redis://127.0.0.1:6379');
  let worker: TrainingScheduleWorker | undefined;
  let reminders: SessionReminders;

  beforeAll(async () => {
    f = await trainingFixture('training_reminders');
    reminders = new SessionReminders(f.ds, new Outbox(f.ds, 'pin/training'));
  });
  afterAll(async () => {
    await worker?.forget();
    await worker?.onApplicationShutdown();
    await redis.quit();
    await f?.t.teardown();
  });

  const reminded = async () => (await f.outboxEvents(RegistrationRemindedV1.type)) as Reminded[];
  const rappelOf = async (id: string) => ((await f.ds.query(`SELECT rappel_le FROM registration WHERE id = $1`, [id])) as Array<{ rappel_le: Date | null }>)[0]!.rappel_le;

  it('reminds each seat of a session starting within the notice period once, by itself; never the waiting list, a later session or a cancelled one', async () => {
    // Starts the day after tomorrow in the afternoon: inside a 3-day notice period.
    const soon = await f.session({ moduleId: 'savoir-etre', capacite: 2, demiJournees: [{ date: inDays(2), periode: 'apres-midi' }, { date: inDays(3), periode: 'matin' }] });
    const later = await f.session({ moduleId: 'savoir-etre', capacite: 5, demiJournees: [{ date: inDays(20), periode: 'matin' }] });
    const cancelled = await f.session({ moduleId: 'savoir-etre', capacite: 5, demiJournees: [{ date: inDays(1), periode: 'matin' }] });
    const a1 = (await f.register(aidant('r1'), soon.id)) as { id: string };
    // Registered by the referent: the aidant's subject id is not known yet.
    const a2 = (await f.register(REFERENT, soon.id, { aidant: { username: 'aidant-r2', nom: 'Aidant R2' }, structureId: REFERENT.structures[0] })) as { id: string };
    const waiting = (await f.register(aidant('r3'), soon.id)) as { id: string; statut: string };
    expect(waiting.statut).toBe('attente');
    const far = (await f.register(aidant('r1'), later.id)) as { id: string };
    const gone = (await f.register(aidant('r1'), cancelled.id)) as { id: string };
    await f.sessions.cancel(ANIMATEUR, rpc({ params: { id: cancelled.id }, body: { motif: 'Formatrice indisponible.' } }));

    worker = new TrainingScheduleWorker(redis, { retentionDays: 365, reminderDays: 3, everyMs: 1_000, prefix: `pin-test-${randomUUID()}` }, new DiagnosticRetentionService(f.ds), reminders);
    await worker.onApplicationBootstrap();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await reminded()).length < 2) await new Promise((r) => setTimeout(r, 250));

    const events = await reminded();
    expect(events.map((e) => e.data.registrationId).sort()).toEqual([a1.id, a2.id].sort());
    const first = new Date(`${inDays(2)}T12:00:00Z`);
    for (const e of events) {
      expect(e.data.sessionId).toBe(soon.id);
      // The first half-day's start, 13:30 in Paris (11:30 or 12:30 UTC).
      expect(new Date(e.data.startsAt).toISOString().slice(0, 10)).toBe(first.toISOString().slice(0, 10));
      expect(new Date(e.data.startsAt).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' })).toBe('13:30');
    }
    expect(events.find((e) => e.data.registrationId === a1.id)!.data).toMatchObject({ aidantSub: 'sub-aidant-r1', structureId: REFERENT.structures[0] });
    expect(events.find((e) => e.data.registrationId === a2.id)!.data.aidantSub).toBeNull();
    // Ids only: no username nor name in what leaves the service.
    expect(JSON.stringify(events)).not.toMatch(/"aidant-r\d"|Aidant R/);
    for (const id of [waiting.id, far.id, gone.id]) expect(await rappelOf(id)).toBeNull();

    // The aidant sees when the reminder was recorded in « Mes inscriptions ».
    const mine = (await f.registrations.mine(aidant('r1'))) as { items: Array<{ id: string; rappelLe: string | null }> };
    expect(mine.items.find((r) => r.id === a1.id)!.rappelLe).toEqual((await rappelOf(a1.id))!.toISOString());
    expect(mine.items.find((r) => r.id === far.id)!.rappelLe).toBeNull();

    // Later scans find nothing more: once per registration.
    expect(await worker.run('training.reminders.scan')).toEqual({ rappels: 0 });
    expect(await reminded()).toHaveLength(2);
  });

  it('reminds a seat promoted from the waiting list inside the period at the next scan, and a later session when its time comes', async () => {
    const s = await f.session({ moduleId: 'savoir-etre', capacite: 1, demiJournees: [{ date: inDays(1), periode: 'apres-midi' }] });
    const first = (await f.register(aidant('p1'), s.id)) as { id: string };
    const second = (await f.register(aidant('p2'), s.id)) as { id: string; statut: string };
    expect(second.statut).toBe('attente');
    expect(await reminders.scan(3)).toBe(1);
    expect(await rappelOf(first.id)).not.toBeNull();

    // The first cancels: the second gets the seat, and its reminder at the next scan.
    await f.registrations.cancel(aidant('p1'), rpc({ params: { id: first.id }, body: {} }));
    expect(await reminders.scan(3)).toBe(1);
    expect(await rappelOf(second.id)).not.toBeNull();
    expect(await reminders.scan(3)).toBe(0);

    // A session in 10 days: nothing today; scanned 8 days from now, it is inside the 3-day period.
    const later = await f.session({ moduleId: 'savoir-etre', capacite: 3, demiJournees: [{ date: inDays(10), periode: 'matin' }] });
    const r = (await f.register(aidant('p3'), later.id)) as { id: string };
    expect(await reminders.scan(3)).toBe(0);
    expect(await reminders.scan(3, new Date(Date.now() + 8 * DAY))).toBe(1);
    expect(await rappelOf(r.id)).not.toBeNull();
  });

  it('never reminds a session that has already started (its half-day begun), nor twice when replicas race', async () => {
    // Started this morning (or earlier today): too late for a reminder.
    const today = await f.session({ moduleId: 'savoir-etre', capacite: 3, demiJournees: [{ date: inDays(0), periode: 'matin' }] });
    const r = (await f.register(aidant('t1'), today.id)) as { id: string };
    const afterStart = new Date(`${inDays(0)}T15:00:00Z`);
    expect(await reminders.scan(3, afterStart)).toBe(0);
    expect(await rappelOf(r.id)).toBeNull();

    const s = await f.session({ moduleId: 'savoir-etre', capacite: 30, demiJournees: [{ date: inDays(2), periode: 'matin' }] });
    for (let i = 0; i < 20; i++) await f.register(aidant(`race-${i}`), s.id);
    // (the scans may also remind this morning's session if it has not started yet: count this one's.)
    await Promise.all([reminders.scan(3), reminders.scan(3), reminders.scan(3)]);
    const forS = (await reminded()).filter((e) => e.data.sessionId === s.id);
    expect(forS).toHaveLength(20);
    expect(new Set(forS.map((e) => e.data.registrationId)).size).toBe(20);
  });
});
