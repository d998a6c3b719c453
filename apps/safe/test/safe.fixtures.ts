import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { signEdgeToken } from '@pin/auth';
import { createEvent, REQUESTS, type AuthorizationDecision, type EventDefinition, type EventData, type UserContext } from '@pin/contracts';
import { EDGE_AUDIENCE, EDGE_PATHS } from '../src/edge/edge-http.server';

export const usagerUser = (): UserContext => ({ sub: randomUUID(), username: `usager-${randomUUID().slice(0, 6)}`, roles: ['usager'], structures: [] });
export const aidantUser = (structureId: string): UserContext => ({ sub: randomUUID(), username: `aidant-${randomUUID().slice(0, 6)}`, roles: ['aidant'], structures: [structureId] });

/** A PDF whose text holds `marker` (pdf-lib). */
export async function pdfWith(marker: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(marker, { x: 50, y: 700, size: 12, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The gateway's side of the internal file port: a signed edge token and a streamed body. */
export class EdgeClient {
  constructor(
    readonly base: string,
    private readonly secret: string,
  ) {}

  async deposit(user: UserContext, data: Record<string, unknown>, body: Buffer, structureId?: string): Promise<{ status: number; body: any }> {
    const token = await signEdgeToken(this.secret, EDGE_AUDIENCE, 'POST', EDGE_PATHS.deposit, { user, structureId, data });
    const res = await fetch(`${this.base}${EDGE_PATHS.deposit}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body) });
    return { status: res.status, body: await res.json() };
  }

  /** A download by its link, as `user` (a link serves only the person it was made for). */
  async download(url: string, user: UserContext): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const ticket = url.split('/').pop()!;
    const path = `${EDGE_PATHS.download}${ticket}`;
    const token = await signEdgeToken(this.secret, EDGE_AUDIENCE, 'GET', path, { user });
    const res = await fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }
}

/**
 * Stand-in of the mandates service's two answers the safe asks for, on the real NATS server: which
 * usager an account is linked to (`moi.mandats`), and the authorization check (`allowed` set by
 * the test). `stop()` makes mandates "down" (no responder).
 */
export class MandatesStandIn {
  readonly accounts = new Map<string, string>();
  readonly allowed = new Set<string>();
  private subs: Subscription[] = [];

  constructor(private readonly nc: NatsConnection) {}

  static key(aidantSub: string, structureId: string, usagerId: string, demarche: string) {
    return `${aidantSub}|${structureId}|${usagerId}|${demarche}`;
  }

  start(): this {
    this.subs.push(this.nc.subscribe(REQUESTS.mandates.myMandats, {
      callback: (_e, msg) => {
        const user = JSON.parse(Buffer.from(msg.headers!.get('pin-user'), 'base64url').toString('utf8')) as UserContext;
        const { id } = msg.json<{ id: string }>();
        const usagerId = this.accounts.get(user.sub);
        msg.respond(JSON.stringify({ response: { items: usagerId ? [{ id: randomUUID(), usagerId }] : [] }, isDisposed: true, id }));
      },
    }));
    this.subs.push(this.nc.subscribe(REQUESTS.mandates.authorizationCheck, {
      callback: (_e, msg) => {
        const { id, data } = msg.json<{ id: string; data: { body: { aidantSub: string; structureId: string; usagerId: string; demarche: string } } }>();
        const q = data.body;
        const ok = this.allowed.has(MandatesStandIn.key(q.aidantSub, q.structureId, q.usagerId, q.demarche));
        const response: AuthorizationDecision = { allowed: ok, reason: ok ? 'AUTORISE' : 'AUCUN_MANDAT' };
        msg.respond(JSON.stringify({ response, isDisposed: true, id }));
      },
    }));
    return this;
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }
}

export async function publish<D extends EventDefinition>(js: JetStreamClient, def: D, subject: string, data: EventData<D>) {
  const event = createEvent(def, { source: 'pin/mandates', subject, data, correlationId: randomUUID() });
  await js.publish(event.type, JSON.stringify(event), { msgID: event.id });
  return event;
}

export async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
