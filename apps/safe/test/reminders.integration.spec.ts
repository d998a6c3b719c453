// Expiry reminders: the safe in-process against the machine's real PostgreSQL and Redis (BullMQ
// job scheduler) and a private nats-server. The repeatable scan records, once per document, a
// reminder N days before an ID's expiry date: the usager sees it in their list and their journal;
// nothing is published (no event) and the journal entry holds no name.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REQUESTS, type SafeDocument, type SafeJournalLine } from '@pin/contracts';
import { ExpiryReminders } from '../src/reminders/expiry-reminders.service';
import { pdfWith, until, usagerUser } from './safe.fixtures';
import { useSafeTestEnv } from './safe-test-env';

jest.setTimeout(120_000);

const R = REQUESTS.safe;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('safe: expiry reminders (BullMQ repeatable scan)', () => {
  const env = useSafeTestEnv({ name: 'reminders', config: { SAFE_EXPIRY_REMINDER_DAYS: '30', SAFE_EXPIRY_SCAN_EVERY_MS: '1000' } });
  const { call } = env;

  it('records the reminder once per document within the notice period, shows it to the usager, publishes nothing', async () => {
    const user = usagerUser();
    const usagerId = randomUUID();
    env.mandates.accounts.set(user.sub, usagerId);
    const ds = env.app.get(DataSource);
    const soon = (await env.edge.deposit(user, { categorie: 'identite', nom: 'carte-identite-MARQUEUR.pdf', expireLe: day(10) }, await pdfWith('cni'))).body as SafeDocument;
    const later = (await env.edge.deposit(user, { categorie: 'identite', nom: 'passeport.pdf', expireLe: day(200) }, await pdfWith('passeport'))).body as SafeDocument;
    await env.edge.deposit(user, { categorie: 'logement', nom: 'quittance.pdf' }, await pdfWith('quittance'));
    const outboxBefore = Number(((await ds.query(`SELECT count(*) AS n FROM outbox`)) as { n: string }[])[0]!.n);

    // The repeatable job (every second here) runs the scan on its own.
    const journal = await until(async () => {
      const lines = await call<SafeJournalLine[]>(R.journal, user);
      return lines.some((l) => l.action === 'document.a_renouveler') ? lines : undefined;
    }, 20_000);
    const reminders = journal.filter((l) => l.action === 'document.a_renouveler');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ documentId: soon.id });
    expect(reminders[0]!.texte).toBe(`« carte-identite-MARQUEUR.pdf » (Identité) expire le ${new Date(`${day(10)}T12:00:00Z`).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })} : pensez à le renouveler.`);

    const mine = await call<{ documents: SafeDocument[] }>(R.myDocuments, user);
    expect(mine.documents.filter((d) => d.aRenouveler).map((d) => d.id)).toEqual([soon.id]);
    expect(mine.documents.find((d) => d.id === later.id)?.aRenouveler).toBeUndefined();

    // Once per document: further scans record nothing more.
    expect(await env.app.get(ExpiryReminders).scan()).toBe(0);
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await call<SafeJournalLine[]>(R.journal, user)).filter((l) => l.action === 'document.a_renouveler')).toHaveLength(1);

    // A later day brings the passport into the notice period.
    expect(await env.app.get(ExpiryReminders).scan(new Date(Date.now() + 175 * 86_400_000))).toBe(1);

    // No event for a reminder, and the journal rows hold ids and codes only (never the name).
    expect(Number(((await ds.query(`SELECT count(*) AS n FROM outbox`)) as { n: string }[])[0]!.n)).toBe(outboxBefore);
    const rows = (await ds.query(`SELECT data::text AS data FROM journal_entry WHERE action = 'document.a_renouveler'`)) as { data: string }[];
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.data).not.toContain('MARQUEUR');
  });
});
