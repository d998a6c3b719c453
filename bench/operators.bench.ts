/**
 * Operators benchmark (`npm run bench:operators`, after `npm run build`).
 * The real operators service (dist/, its own PostgreSQL database, BullMQ on the machine's Redis,
 * a private nats-server) delivers lieu events to 20 local webhook receivers (one endpoint each,
 * subscribed to one commune), every request verified with the official `standardwebhooks` package.
 * 1. Raw baseline, same run: a plain loop of signed POSTs (same CloudEvents body size, same
 *    HMAC-SHA256 signature with node:crypto, an undici Agent with the service's `WebhookClient`
 *    options — a benchmark may not import an app's code —, as many in flight as the service's
 *    WEBHOOK_CONCURRENCY) to the same 20 receivers.
 * 2. Saturated: BENCH_EVENTS lieu events published at once into PIN_DIRECTORY (as the directory's
 *    relay does after its commit); events/s delivered = events / (last verified receipt − first
 *    publication).
 * 3. Steady rate: BENCH_RATE events/s for BENCH_SECONDS; latency = publication acknowledged by
 *    JetStream (the relay's step right after the producer's commit; the outbox hop itself is
 *    `bench:events`) → verified receipt, p50/p99. Receivers and publisher share this process's clock.
 * Settings: BENCH_SECONDS (10), BENCH_EVENTS (2000), BENCH_RATE (50), BENCH_CONCURRENCY (16 = the
 * service default). The per-endpoint throttle is set out of the way (its Redis counter still runs).
 * Prints figures, asserts nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Agent, request } from 'undici';
import { Webhook } from 'standardwebhooks';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { createEvent, LieuCreatedV1, REQUESTS, rpc, STREAMS, type LieuSnapshot, type UserContext } from '@pin/contracts';
import { connectNats } from '@pin/messaging';
import { createTestDatabase, freePort, httpOk, nestRequest, startBuiltApp, TestNatsServer } from '@pin/testing';
import { Cleanup, cpuMeter, envInt, fmt, pct, percentile, printTable, recordResult, runUntil, sleep, type CpuUse } from './bench-util';

const RECEIVERS = 20;
const OPERATOR: UserContext = { sub: 'bench-operator', username: 'service-account-pin-bench', roles: ['operateur'], structures: ['*'], clientId: 'pin-bench' };
/** Communes of the Landes, one per receiver. */
const COMMUNES = Array.from({ length: RECEIVERS }, (_, i) => `40${String(100 + i).padStart(3, '0')}`);
const WARMUP_SECONDS = 2;

/** A receiver on 127.0.0.1 verifying every request with `standardwebhooks`; `onEvent` sees each verified event id. */
class Receiver {
  private server!: Server;
  private verifier!: Webhook;
  verified = 0;
  refused = 0;
  onEvent: (eventId: string, at: number) => void = () => undefined;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        try {
          const event = this.verifier.verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>) as { id: string };
          this.verified++;
          this.onEvent(event.id, at);
          res.writeHead(204).end();
        } catch {
          this.refused++;
          res.writeHead(401).end();
        }
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  /** The endpoint's `whsec_` secret, as the service returned it at creation. */
  secret = '';

  useSecret(secret: string): void {
    this.secret = secret;
    this.verifier = new Webhook(secret);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

async function main(): Promise<void> {
  const seconds = envInt('BENCH_SECONDS', 10);
  const events = envInt('BENCH_EVENTS', 2_000);
  const rate = envInt('BENCH_RATE', 50);
  const concurrency = envInt('BENCH_CONCURRENCY', 16);
  const cleanup = new Cleanup();
  console.log(`[bench:operators] ${RECEIVERS} receivers, ${concurrency} deliveries in flight, ${fmt(events)} events saturated, ${rate}/s for ${seconds} s steady; ${availableParallelism()} cores (shared by PostgreSQL, Redis, nats-server, the service and this process)`);
  try {
    const nats = await TestNatsServer.start();
    cleanup.add('nats-server', () => nats.stop());
    const db = await createTestDatabase('bench_operators');
    cleanup.add('operators database', () => db.drop());
    const nc = await connectNats({ url: nats.url, name: 'bench-operators' });
    cleanup.add('nats connection', () => nc.close());
    const jsm = await jetstreamManager(nc);
    for (const s of [STREAMS.directory, STREAMS.mandates]) await jsm.streams.add({ name: s.name, subjects: [...s.subjects] });
    const js = jetstream(nc);

    const healthPort = await freePort();
    const service = await startBuiltApp(
      'operators',
      {
        NODE_ENV: 'production', LOG_LEVEL: 'warn', NATS_URL: nats.url, DATABASE_URL: db.url, HEALTH_PORT: String(healthPort), REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/4',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_CONCURRENCY: String(concurrency), WEBHOOK_ENDPOINT_RATE_PER_SECOND: '1000000', WEBHOOK_MAX_PER_OPERATOR: String(RECEIVERS),
      },
      () => httpOk(`http://127.0.0.1:${healthPort}/health/ready`),
    );
    cleanup.add('operators service', () => service.stop());
    const labels = new Map<number, string>([[process.pid, 'bench process'], [service.child.pid!, 'operators service']]);

    const receivers: Receiver[] = [];
    cleanup.add('receivers', () => Promise.all(receivers.map((r) => r.stop())));
    const call = <T>(pattern: string, parts: Parameters<typeof rpc>[0]) => nestRequest<T>(nc, pattern, rpc(parts), { user: OPERATOR });
    for (const commune of COMMUNES) {
      const r = await new Receiver().start();
      receivers.push(r);
      const hook = await call<{ id: string; secret: string }>(REQUESTS.operators.webhookCreate, { body: { url: r.url, description: `bench ${commune}` } });
      r.useSecret(hook.secret);
      await call(REQUESTS.operators.subscriptionCreate, { body: { webhookId: hook.id, types: [LieuCreatedV1.type], territoire: { communes: [commune] } } });
    }
    const secrets = receivers.map((r) => r.secret);
    console.log(`[bench:operators] ${RECEIVERS} endpoints declared and subscribed (one commune each)`);

    // A body the size of the service's: one lieu CloudEvent.
    const sample = JSON.stringify(newEvent(0));
    console.log(`[bench:operators] 1/3 raw baseline: signed POSTs to the same receivers (${Buffer.byteLength(sample)}-byte body)...`);
    const agent = new Agent({ connect: { timeout: 15_000 }, headersTimeout: 15_000, bodyTimeout: 15_000, keepAliveTimeout: 10_000 });
    cleanup.add('raw client', () => agent.close());
    let i = 0;
    const raw = await measureRaw(concurrency, seconds, labels, async () => {
      const n = i++ % RECEIVERS;
      const body = JSON.stringify(newEvent(n));
      const res = await request(receivers[n].url, {
        method: 'POST', dispatcher: agent, body, signal: AbortSignal.timeout(15_000),
        headers: { ...signedHeaders(secrets[n], randomUUID(), body), 'content-type': 'application/json', 'user-agent': 'PIN-Webhooks/1.0' },
      });
      for await (const chunk of res.body) void chunk; // read to the end, as the service does
      if (res.statusCode !== 204) throw new Error(`raw POST answered ${res.statusCode}`);
    });

    console.log(`[bench:operators] 2/3 saturated: ${fmt(events)} events published at once...`);
    const saturated = await deliverBurst(js, receivers, events, labels);
    console.log(`[bench:operators] 3/3 steady: ${rate} events/s for ${seconds} s...`);
    const steady = await deliverSteady(js, receivers, rate, seconds);

    const refused = receivers.reduce((n, r) => n + r.refused, 0);
    const verified = receivers.reduce((n, r) => n + r.verified, 0);
    const ratio = saturated.perSecond / raw.perSecond;
    printTable('Webhook deliveries to 20 local receivers (same run; every request verified with standardwebhooks)', [
      ['figure', 'per second', 'p50 ms', 'p99 ms', 'ratio to raw'],
      [`raw signed POST loop (${concurrency} in flight, undici)`, fmt(raw.perSecond), fmt(raw.p50, 1), fmt(raw.p99, 1), '-'],
      [`operators service, ${fmt(events)} events at once (publication -> receipt)`, fmt(saturated.perSecond), fmt(saturated.p50, 1), fmt(saturated.p99, 1), pct(ratio)],
      [`operators service, steady ${rate}/s (publication -> receipt)`, fmt(steady.perSecond), fmt(steady.p50, 1), fmt(steady.p99, 1), '-'],
    ]);
    printTable('Checks', [
      ['figure', 'value'],
      ['events delivered (saturated / steady)', `${fmt(saturated.delivered)} of ${fmt(events)} / ${fmt(steady.delivered)} of ${fmt(steady.sent)}`],
      ['requests verified by the receivers (all phases)', fmt(verified)],
      ['requests refused (bad signature)', fmt(refused)],
    ]);
    const cores = (use: CpuUse, group: string) => fmt(use.byProcess.find((p) => p.group === group)?.cores ?? 0, 2);
    printTable('CPU during each load window (cores; 2 cores shared)', [
      ['phase', 'bench process (+ receivers)', 'operators service', 'postgres', 'nats-server', 'machine busy'],
      ...([['raw POST loop', raw.cpu], ['saturated', saturated.cpu]] as Array<[string, CpuUse]>).map(([name, use]) => [
        name, cores(use, 'bench process'), cores(use, 'operators service'), cores(use, 'postgres'), cores(use, 'nats-server'), pct(use.machineBusy),
      ]),
    ]);
    recordResult('operators', [
      { name: 'webhook deliveries, saturated', value: saturated.perSecond, unit: 'events/s', baseline: raw.perSecond, ratio, target: 'ratio to the raw signed POST loop (no target set)', met: saturated.delivered === events && refused === 0 },
      { name: `publication -> delivery p99 at ${rate}/s`, value: steady.p99, unit: 'ms', target: 'reported', met: steady.delivered === steady.sent },
    ]);
    console.log(`\nResult: ${fmt(saturated.perSecond)} events/s delivered = ${pct(ratio)} of the raw signed POST loop (${fmt(raw.perSecond)}/s); ` +
      `publication -> delivery p50 ${fmt(steady.p50, 1)} ms, p99 ${fmt(steady.p99, 1)} ms at ${rate}/s; ${fmt(refused)} signatures refused.`);
  } finally {
    await cleanup.runAll();
  }
}

function lieu(id: string, codeInsee: string): LieuSnapshot {
  return {
    id, structure_id: null, source: 'pin', source_id: id, statut: 'actif', pivot: null, nom: `Lieu ${id.slice(0, 8)}`, adresse: '1 rue du Banc', complement_adresse: null,
    commune: 'Commune', code_postal: '40000', code_insee: codeInsee, latitude: 43.89, longitude: -0.5, typologie: [], telephone: null, courriels: [], site_web: [],
    horaires: null, presentation_resume: null, presentation_detail: null, itinerance: [], structure_parente: null, services: ['aide-aux-demarches-administratives'],
    publics_specifiquement_adresses: [], prise_en_charge_specifique: [], frais_a_charge: [], dispositif_programmes_nationaux: [], formations_labels: [],
    autres_formations_labels: [], modalites_acces: [], modalites_accompagnement: [], fiche_acces_libre: null, prise_rdv: null, demarches: [], flags: [],
    date_maj: '2026-12-01', version: 1,
  };
}

/** A lieu created in the commune of receiver `n` (a new lieu each time: its own delivery lane). */
function newEvent(n: number) {
  const id = randomUUID();
  return createEvent(LieuCreatedV1, { source: 'pin/directory', subject: id, data: lieu(id, COMMUNES[n % RECEIVERS]), correlationId: randomUUID() });
}

/** Standard Webhooks headers, signed as the service signs them (HMAC-SHA256 of `id.timestamp.body` with the whsec_ key). */
function signedHeaders(secret: string, id: string, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const mac = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${mac}` };
}

interface Measured {
  perSecond: number;
  count: number;
  p50: number;
  p99: number;
  cpu: CpuUse;
}

async function measureRaw(concurrency: number, seconds: number, labels: Map<number, string>, step: () => Promise<void>): Promise<Measured> {
  await runUntil(concurrency, Date.now() + WARMUP_SECONDS * 1000, step);
  const latencies: number[] = [];
  const meter = cpuMeter(labels);
  const start = performance.now();
  const count = await runUntil(concurrency, Date.now() + seconds * 1000, async () => {
    const t = performance.now();
    await step();
    if (latencies.length < 200_000) latencies.push(performance.now() - t);
  });
  const elapsed = (performance.now() - start) / 1000;
  return { perSecond: count / elapsed, count, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu: meter() };
}

/** Records, per event id, the publication time; the receivers fill in the receipt time. */
function track(receivers: Receiver[]) {
  const published = new Map<string, number>();
  const latencies: number[] = [];
  let last = 0;
  for (const r of receivers) {
    r.onEvent = (id, at) => {
      const t = published.get(id);
      if (t === undefined) return;
      published.delete(id); // once: a duplicate would not count twice
      latencies.push(at - t);
      last = at;
    };
  }
  return { published, latencies, lastAt: () => last };
}

async function publish(js: JetStreamClient, n: number, published: Map<string, number>): Promise<void> {
  const event = newEvent(n);
  const body = JSON.stringify(event);
  const t = performance.now();
  await js.publish(event.type, body, { msgID: event.id });
  published.set(event.id, t);
}

async function waitDelivered(latencies: number[], expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (latencies.length < expected && Date.now() < deadline) await sleep(50);
}

async function deliverBurst(js: JetStreamClient, receivers: Receiver[], events: number, labels: Map<number, string>) {
  const tracked = track(receivers);
  const meter = cpuMeter(labels);
  const start = performance.now();
  let n = 0;
  // 32 publications in flight: the stream fills far faster than the service delivers.
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (n < events) await publish(js, n++, tracked.published);
  }));
  await waitDelivered(tracked.latencies, events, 180_000);
  const cpu = meter();
  const elapsed = ((tracked.lastAt() || performance.now()) - start) / 1000;
  return { perSecond: tracked.latencies.length / elapsed, delivered: tracked.latencies.length, p50: percentile(tracked.latencies, 50), p99: percentile(tracked.latencies, 99), cpu };
}

async function deliverSteady(js: JetStreamClient, receivers: Receiver[], rate: number, seconds: number) {
  const tracked = track(receivers);
  const total = rate * seconds;
  const interval = 1000 / rate;
  const start = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = start + n * interval;
    if (due > Date.now()) await sleep(due - Date.now());
    inFlight.push(publish(js, n, tracked.published));
  }
  await Promise.all(inFlight);
  await waitDelivered(tracked.latencies, total, 60_000);
  const elapsed = (Date.now() - start) / 1000;
  return { sent: total, delivered: tracked.latencies.length, perSecond: tracked.latencies.length / elapsed, p50: percentile(tracked.latencies, 50), p99: percentile(tracked.latencies, 99) };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
