import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { REQUESTS, type AuthorizationDecision, type UserContext } from '@pin/contracts';

export const run = promisify(execFile);
export { passwordOnLetter, pdfText } from '@pin/testing';

export const aidant = (structureId: string): UserContext => ({ sub: `aidant-${randomUUID()}`, username: 'alex.aidant', roles: ['aidant'], structures: [structureId] });
export const usager = (): UserContext => ({ sub: `usager-${randomUUID()}`, username: 'camille', roles: ['usager'], structures: [] });

/**
 * Stand-in for the mandates service's `pin.rpc.mandates.authorization.check` (this suite tests
 * the mailbox service alone; the gateway e2e runs the real one): allowed for the mandates listed.
 */
export class MandatesStandIn {
  readonly mandates = new Set<string>();
  readonly asked: { usagerId: string; demarche: string }[] = [];
  private sub?: Subscription;

  start(nc: NatsConnection): this {
    this.sub = nc.subscribe(REQUESTS.mandates.authorizationCheck, {
      callback: (_err, msg) => {
        const req = msg.json<{ id: string; data: { body: { usagerId: string; structureId: string; demarche: string } } }>();
        const b = req.data.body;
        this.asked.push({ usagerId: b.usagerId, demarche: b.demarche });
        const allowed = this.mandates.has(`${b.usagerId}/${b.structureId}/${b.demarche}`);
        const response: AuthorizationDecision = allowed ? { allowed, reason: 'AUTORISE' } : { allowed, reason: 'AUCUN_MANDAT' };
        msg.respond(JSON.stringify({ response, isDisposed: true, id: req.id }));
      },
    });
    return this;
  }

  grant(usagerId: string, structureId: string, demarche: string): void {
    this.mandates.add(`${usagerId}/${structureId}/${demarche}`);
  }

  stop(): void {
    this.sub?.unsubscribe();
  }
}

export async function imapLogin(port: number, user: string, pass: string): Promise<ImapFlow> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false, disableAutoIdle: true });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Whether a login succeeds, and the server's answer when it does not. */
export async function tryLogin(port: number, user: string, pass: string): Promise<{ ok: boolean; response?: string }> {
  try {
    const c = await imapLogin(port, user, pass);
    await c.logout();
    return { ok: true };
  } catch (err) {
    const e = err as { responseText?: string; response?: string; message: string };
    return { ok: false, response: [e.responseText, e.response, e.message].filter(Boolean).join(' | ') };
  }
}

export async function deliver(lmtpPort: number, to: string, subject: string, text = 'Bonjour'): Promise<void> {
  const transport = createTransport({ host: '127.0.0.1', port: lmtpPort, lmtp: true, secure: false, ignoreTLS: true } as never);
  await transport.sendMail({ from: 'caf@example.fr', to, subject, text });
  transport.close();
}

export async function subjectsIn(port: number, user: string, pass: string): Promise<string[]> {
  const c = await imapLogin(port, user, pass);
  try {
    const box = await c.mailboxOpen('INBOX');
    if (box.exists === 0) return [];
    const out: string[] = [];
    for await (const m of c.fetch('1:*', { envelope: true })) out.push(m.envelope?.subject ?? '');
    return out;
  } finally {
    await c.logout();
  }
}

export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}
