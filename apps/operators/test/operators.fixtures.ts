import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { JetStreamClient } from '@nats-io/jetstream';
import { createEvent, type EventDefinition, type EventData, type LieuSnapshot, type UserContext } from '@pin/contracts';

export const operatorUser = (clientId: string): UserContext => ({
  sub: randomUUID(),
  username: `service-account-${clientId}`,
  roles: ['operateur'],
  structures: ['*'],
  clientId,
});

export function lieu(id: string, codeInsee: string, version: number, statut: 'actif' | 'ferme' = 'actif'): LieuSnapshot {
  return {
    id, structure_id: null, source: 'pin', source_id: id, statut, pivot: null, nom: `Lieu ${id.slice(0, 4)}`, adresse: '1 rue du Test', complement_adresse: null,
    commune: 'Commune', code_postal: '40000', code_insee: codeInsee, latitude: null, longitude: null, typologie: [], telephone: null, courriels: [], site_web: [],
    horaires: null, presentation_resume: null, presentation_detail: null, itinerance: [], structure_parente: null, services: ['aide-aux-demarches-administratives'],
    publics_specifiquement_adresses: [], prise_en_charge_specifique: [], frais_a_charge: [], dispositif_programmes_nationaux: [], formations_labels: [],
    autres_formations_labels: [], modalites_acces: [], modalites_accompagnement: [], fiche_acces_libre: null, prise_rdv: null, demarches: [], flags: [],
    date_maj: '2026-12-01', version,
  };
}

/** Publishes an event as its producer's relay does (Nats-Msg-Id = event id). */
export async function publish<D extends EventDefinition>(js: JetStreamClient, def: D, subject: string, data: EventData<D>, time?: Date) {
  const source = def.type.startsWith('pin.mandates.') ? 'pin/mandates' : 'pin/directory';
  const event = createEvent(def, { source, subject, data, correlationId: randomUUID(), time });
  await js.publish(event.type, JSON.stringify(event), { msgID: event.id });
  return event;
}

export interface Received {
  webhookId: string;
  eventId: string;
  type: string;
  subject: string;
  status: number;
}

/**
 * A webhook receiver on 127.0.0.1 that verifies each request with the official
 * `standardwebhooks` package, and answers what `answer()` says (200 by default).
 */
export class Receiver {
  server!: Server;
  secret?: string;
  /** Every request, verified or not, with the status answered. */
  readonly requests: (Received & { verified: boolean; headers: IncomingHttpHeaders })[] = [];
  answer: (n: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 });

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let verified = false;
        let event: { id: string; type: string; subject: string } = { id: '', type: '', subject: '' };
        try {
          event = new Webhook(this.secret!).verify(body, req.headers as Record<string, string>) as typeof event;
          verified = true;
        } catch {
          verified = false;
        }
        const { status, headers } = verified ? this.answer(this.requests.length) : { status: 401, headers: {} };
        this.requests.push({ webhookId: String(req.headers['webhook-id']), eventId: event.id, type: event.type, subject: event.subject, status, verified, headers: req.headers });
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(status < 300 ? 'ok' : `erreur ${status}`);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Requests answered 2xx. */
  get accepted(): Received[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

export async function until<T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}
