// The JetStream channel against a real nats-server with the platform's users and permissions
// (deploy/nats/accounts.conf): each operator reads its own events through its durable consumer
// with its own NATS credentials, and cannot read another operator's.
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { LieuCreatedV1, LieuUpdatedV1, REQUESTS, rpc, STREAMS, type CloudEvent, type UserContext } from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import { createTestDatabase, nestRequest, TestNatsServer, type NatsUser, type TestDatabase } from '@pin/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config/config.schema';
import { lieu, operatorUser, publish, until } from './operators.fixtures';

jest.setTimeout(90_000);

const R = REQUESTS.operators;

describe('operators: JetStream channel (durable pull consumer per operator, NATS credentials per operator)', () => {
  let db: TestDatabase;
  let nats: TestNatsServer;
  let app: NestFastifyApplication;
  const open: NatsConnection[] = [];
  const as = async (user: NatsUser) => {
    const nc = await connectNats({ ...nats.endpoint(user), name: `test-${user}` });
    open.push(nc);
    return nc;
  };
  let tools: NatsConnection;
  const caf = operatorUser('pin-caf');
  const cpam = operatorUser('pin-cpam');
  const call = <T = any>(pattern: string, user: UserContext, parts: Parameters<typeof rpc>[0] = {}) => nestRequest<T>(tools, pattern, rpc(parts), { user });
  /** Reads every message waiting on an operator's consumer, as that operator's NATS user. */
  const drain = async (user: 'caf' | 'cpam', consumerName: string, expected: number) => {
    const js = jetstream(await as(user));
    const consumer = await js.consumers.get(STREAMS.operators.name, consumerName);
    const got: { subject: string; seq: number; event: CloudEvent }[] = [];
    await until(`${expected} messages for ${user}`, async () => {
      const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
      for await (const m of batch as AsyncIterable<JsMsg>) {
        got.push({ subject: m.subject, seq: m.seq, event: m.json<CloudEvent>() });
        m.ack();
      }
      return got.length;
    }, (n) => n >= expected);
    return got;
  };

  beforeAll(async () => {
    db = await createTestDatabase('operators_js');
    nats = await TestNatsServer.start({ secure: true });
    tools = await as('tools');
    const jsm = await jetstreamManager(tools);
    for (const s of [STREAMS.directory, STREAMS.mandates]) await jsm.streams.add({ name: s.name, subjects: [...s.subjects] });
    const env = nats.appEnv('operators');
    const config = configSchema.parse({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', ...env });
    app = await bootstrapService({ module: AppModule.forRoot(config), nats: { url: env.NATS_URL, user: env.NATS_USER, password: env.NATS_PASSWORD }, queue: 'operators', healthPort: 0, healthHost: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    for (const nc of open) await nc.close().catch(() => undefined);
    await nats?.stop();
    await db?.drop();
  });

  it('publishes each operator’s matching events on its subjects; each reads only its own consumer', async () => {
    await call(R.subscriptionCreate, caf, { body: { canal: 'jetstream', types: ['pin.directory.lieu.created.v1'], territoire: { departements: ['40'] } } });
    await call(R.subscriptionCreate, cpam, { body: { canal: 'jetstream', types: ['pin.directory.lieu.created.v1', 'pin.directory.lieu.updated.v1'] } });
    const info = await call<{ consommateur: string; sujets: string }>(R.jetstreamGet, caf);
    expect(info).toMatchObject({ consommateur: 'operator-pin-caf', sujets: 'pin.operators.deliver.pin-caf.>' });

    const directory = jetstream(await as('directory'));
    const [landes, pau] = [randomUUID(), randomUUID()];
    const created = await publish(directory, LieuCreatedV1, landes, lieu(landes, '40192', 1));
    await publish(directory, LieuCreatedV1, pau, lieu(pau, '64445', 1));
    await publish(directory, LieuUpdatedV1, landes, { ...lieu(landes, '40192', 2), changed: ['nom'] });

    const cafGot = await drain('caf', 'operator-pin-caf', 1);
    expect(cafGot.map((g) => [g.subject, g.event.id])).toEqual([[`pin.operators.deliver.pin-caf.${LieuCreatedV1.type}`, created.id]]);
    expect(cafGot[0].event).toMatchObject({ specversion: '1.0', type: LieuCreatedV1.type, subject: landes, data: { id: landes, code_insee: '40192' } });
    const cpamGot = await drain('cpam', 'operator-pin-cpam', 3);
    expect(cpamGot.map((g) => g.event.subject).sort()).toEqual([landes, landes, pau].sort());

    // Operator A cannot read B's consumer, B's subjects, nor the stream itself.
    const cafNc = await as('caf');
    await expect(jetstream(cafNc).consumers.get(STREAMS.operators.name, 'operator-pin-cpam').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    const stolen: string[] = [];
    const spy = await as('caf');
    spy.subscribe('pin.operators.deliver.pin-cpam.>', { callback: (_e, m) => { if (m) stolen.push(m.subject); } });
    spy.subscribe('pin.operators.>', { callback: (_e, m) => { if (m) stolen.push(m.subject); } });
    await expect(jetstreamManager(cafNc).then((jsm) => jsm.streams.getMessage(STREAMS.operators.name, { seq: 1 }))).rejects.toThrow();
    const more = randomUUID();
    await publish(directory, LieuCreatedV1, more, lieu(more, '64445', 1));
    await drain('cpam', 'operator-pin-cpam', 1);
    expect(stolen).toEqual([]);
  });

  it('replays an operator’s channel from a stream sequence or a time', async () => {
    const first = await drain('caf', 'operator-pin-caf', 0);
    expect(first).toEqual([]);
    const jsm = await jetstreamManager(tools);
    const all = await (async () => {
      const out: number[] = [];
      const last = (await jsm.streams.info(STREAMS.operators.name)).state.last_seq;
      for (let seq = 1; seq <= last; seq++) {
        const m = await jsm.streams.getMessage(STREAMS.operators.name, { seq }).catch(() => null);
        if (m?.subject.startsWith('pin.operators.deliver.pin-caf.')) out.push(seq);
      }
      return out;
    })();
    expect(all).toHaveLength(1);
    expect(await call(R.jetstreamReplay, caf, { body: { sequence: all[0] } })).toEqual({ consommateur: 'operator-pin-caf', sequence: all[0] });
    expect((await drain('caf', 'operator-pin-caf', 1)).map((g) => g.seq)).toEqual(all);
    const future = new Date(Date.now() + 60_000).toISOString();
    await call(R.jetstreamReplay, caf, { body: { depuis: future } });
    expect(await drain('caf', 'operator-pin-caf', 0)).toEqual([]);
    await call(R.jetstreamReplay, caf, { body: { depuis: new Date(Date.now() - 3_600_000).toISOString() } });
    expect(await drain('caf', 'operator-pin-caf', 1)).toHaveLength(1);
  });
});
