// The platform's NATS users and subject permissions (deploy/nats/accounts.conf) against a real
// nats-server: no client can act as another app, read its replies or its durable consumers.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '@pin/messaging';
import { repoRoot, TestNatsServer, type NatsUser } from '@pin/testing';

jest.setTimeout(60_000);

describe('NATS accounts and subject permissions (deploy/nats/accounts.conf)', () => {
  let server: TestNatsServer;
  const open: NatsConnection[] = [];
  const as = async (user: NatsUser) => {
    const nc = await connectNats({ ...server.endpoint(user), name: `test-${user}` });
    open.push(nc);
    return nc;
  };
  const settle = () => new Promise((r) => setTimeout(r, 300));
  /** Messages a tools subscription receives on `subject` while `act` runs. */
  const received = async (subject: string, act: () => Promise<unknown>) => {
    const tools = await as('tools');
    const got: string[] = [];
    const sub = tools.subscribe(subject, { callback: (_e, m) => { got.push(m.subject); } });
    await tools.flush();
    await act().catch(() => undefined);
    await settle();
    sub.unsubscribe();
    return got;
  };

  beforeAll(async () => {
    server = await TestNatsServer.start({ secure: true });
  });
  afterAll(async () => {
    for (const nc of open) await nc.close().catch(() => undefined);
    await server?.stop();
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connect({ servers: server.url, reconnect: false })).rejects.toThrow(/Authorization Violation/i);
    await expect(connect({ servers: server.url, user: 'directory', pass: 'pnotthepassword', reconnect: false })).rejects.toThrow(/Authorization Violation/i);
  });

  it('only the gateway sends public requests; a service cannot request another service’s routes', async () => {
    const gateway = await as('gateway');
    expect(await received('pin.rpc.mandates.usager.get', () => gateway.request('pin.rpc.mandates.usager.get', '{}', { timeout: 300 }))).toEqual(['pin.rpc.mandates.usager.get']);
    const directory = await as('directory');
    expect(await received('pin.rpc.mandates.usager.get', () => directory.request('pin.rpc.mandates.usager.get', '{}', { timeout: 300 }))).toEqual([]);
    const mandates = await as('mandates');
    expect(await received('pin.rpc.directory.lieu.update', () => mandates.request('pin.rpc.directory.lieu.update', '{}', { timeout: 300 }))).toEqual([]);
  });

  it('a service receives only its own requests and answers them', async () => {
    const directory = await as('directory');
    const stolen: string[] = [];
    directory.subscribe('pin.rpc.mandates.>', { callback: (_e, m) => { stolen.push(m.subject); } });
    const mandates = await as('mandates');
    mandates.subscribe('pin.rpc.mandates.>', { callback: (_e, m) => { m.respond('{"ok":true}'); } });
    await Promise.all([directory.flush(), mandates.flush()]);
    const gateway = await as('gateway');
    const reply = await gateway.request('pin.rpc.mandates.usager.search', '{}', { timeout: 2_000 });
    expect(reply.json()).toEqual({ ok: true });
    await settle();
    expect(stolen).toEqual([]);
  });

  it('a service publishes only its own events', async () => {
    const directory = await as('directory');
    expect(await received('pin.>', async () => {
      directory.publish('pin.directory.lieu.created.v1', '{}');
      directory.publish('pin.mandates.mandate.revoked.v1', '{}');
      await directory.flush();
    })).toEqual(['pin.directory.lieu.created.v1']);
  });

  it('nobody reads another app’s replies', async () => {
    const directory = await as('directory');
    const stolen: string[] = [];
    directory.subscribe('_INBOX_gateway.>', { callback: (_e, m) => { stolen.push(m.subject); } });
    directory.subscribe('_INBOX.>', { callback: (_e, m) => { stolen.push(m.subject); } });
    await directory.flush();
    const mandates = await as('mandates');
    mandates.subscribe('pin.rpc.mandates.>', { callback: (_e, m) => { m.respond('{}'); } });
    await mandates.flush();
    await (await as('gateway')).request('pin.rpc.mandates.usager.get', '{}', { timeout: 2_000 });
    await settle();
    expect(stolen).toEqual([]);
  });

  it('the gateway hears the structure events that invalidate its answer cache, and no other event', async () => {
    const gateway = await as('gateway');
    const got: string[] = [];
    const refused: string[] = [];
    for (const subject of ['pin.directory.structure.updated.v1', 'pin.directory.lieu.created.v1', 'pin.mandates.>']) {
      gateway.subscribe(subject, { callback: (e, m) => { if (e) refused.push(subject); else got.push(m.subject); } });
    }
    await gateway.flush().catch(() => undefined);
    const directory = await as('directory');
    const mandates = await as('mandates');
    directory.publish('pin.directory.structure.updated.v1', '{}');
    directory.publish('pin.directory.lieu.created.v1', '{}');
    mandates.publish('pin.mandates.mandate.revoked.v1', '{}');
    await Promise.all([directory.flush(), mandates.flush()]);
    await settle();
    expect(got).toEqual(['pin.directory.structure.updated.v1']);
    expect(refused.sort()).toEqual(['pin.directory.lieu.created.v1', 'pin.mandates.>']);
  });

  it('a durable consumer is read only by the service it belongs to', async () => {
    const tools = await as('tools');
    const jsm = await jetstreamManager(tools);
    await jsm.streams.add({ name: 'PIN_DIRECTORY', subjects: ['pin.directory.>'] });
    await jsm.consumers.add('PIN_DIRECTORY', { durable_name: 'mandates-structures', ack_policy: AckPolicy.Explicit });
    await jetstream(await as('directory')).publish('pin.directory.structure.created.v1', '{"n":1}');

    for (const intruder of ['directory', 'gateway'] as const) {
      const js = jetstream(await as(intruder));
      await expect(js.consumers.get('PIN_DIRECTORY', 'mandates-structures').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    }
    const consumer = await jetstream(await as('mandates')).consumers.get('PIN_DIRECTORY', 'mandates-structures');
    const msg = await consumer.next({ expires: 2_000 });
    expect(msg?.json()).toEqual({ n: 1 });
    msg?.ack();
    expect((await jsm.consumers.info('PIN_DIRECTORY', 'mandates-structures')).num_pending).toBe(0);
  });

  it('operators publishes only its events, reads only its durables, receives only its requests', async () => {
    const operators = await as('operators');
    expect(await received('pin.>', async () => {
      operators.publish('pin.operators.webhook.disabled.v1', '{}');
      operators.publish('pin.directory.lieu.created.v1', '{}');
      await operators.flush();
    })).toEqual(['pin.operators.webhook.disabled.v1']);
    expect(await received('pin.rpc.directory.lieu.get', () => operators.request('pin.rpc.directory.lieu.get', '{}', { timeout: 300 }))).toEqual([]);
    const tools = await as('tools');
    const jsm = await jetstreamManager(tools);
    await jsm.streams.add({ name: 'PIN_DIRECTORY', subjects: ['pin.directory.>'] }).catch(() => undefined);
    await jsm.consumers.add('PIN_DIRECTORY', { durable_name: 'operators-lieux', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.directory.lieu.>' });
    await jetstream(await as('directory')).publish('pin.directory.lieu.created.v1', '{"n":2}');
    await expect(jetstream(await as('mandates')).consumers.get('PIN_DIRECTORY', 'operators-lieux').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    await expect(jetstream(operators).consumers.get('PIN_DIRECTORY', 'mandates-structures').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    const msg = await (await jetstream(operators).consumers.get('PIN_DIRECTORY', 'operators-lieux')).next({ expires: 2_000 });
    expect(msg?.json()).toEqual({ n: 2 });
    msg?.ack();
  });

  it('safe publishes only its events, asks mandates only the authorization check and the usager’s own mandates, reads only its durable', async () => {
    const safe = await as('safe');
    expect(await received('pin.>', async () => {
      safe.publish('pin.safe.document.deposited.v1', '{}');
      safe.publish('pin.mandates.mandate.revoked.v1', '{}');
      await safe.flush();
    })).toEqual(['pin.safe.document.deposited.v1']);
    expect(await received('pin.rpc.mandates.authorization.check', () => safe.request('pin.rpc.mandates.authorization.check', '{}', { timeout: 300 }))).toEqual(['pin.rpc.mandates.authorization.check']);
    expect(await received('pin.rpc.mandates.usager.get', () => safe.request('pin.rpc.mandates.usager.get', '{}', { timeout: 300 }))).toEqual([]);
    const tools = await as('tools');
    const jsm = await jetstreamManager(tools);
    await jsm.streams.add({ name: 'PIN_MANDATES', subjects: ['pin.mandates.>'] }).catch(() => undefined);
    await jsm.consumers.add('PIN_MANDATES', { durable_name: 'safe-mandats', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.mandates.>' });
    await jetstream(await as('mandates')).publish('pin.mandates.mandate.revoked.v1', '{"n":3}');
    await expect(jetstream(await as('operators')).consumers.get('PIN_MANDATES', 'safe-mandats').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    const msg = await (await jetstream(safe).consumers.get('PIN_MANDATES', 'safe-mandats')).next({ expires: 2_000 });
    expect(msg?.json()).toEqual({ n: 3 });
    msg?.ack();
  });

  it('training receives only its own requests, publishes only its own events and reads only its own durable consumer; mandates reads the certifications', async () => {
    const training = await as('training');
    const stolen: string[] = [];
    training.subscribe('pin.rpc.mandates.>', { callback: (_e, m) => { stolen.push(m.subject); } });
    training.subscribe('pin.rpc.training.>', { callback: (_e, m) => { m.respond('{"ok":true}'); } });
    await training.flush();
    const gateway = await as('gateway');
    expect((await gateway.request('pin.rpc.training.session.list', '{}', { timeout: 2_000 })).json()).toEqual({ ok: true });
    await gateway.request('pin.rpc.mandates.usager.get', '{}', { timeout: 300 }).catch(() => undefined);
    await settle();
    expect(stolen).toEqual([]);
    expect(await received('pin.>', async () => {
      training.publish('pin.training.certification.granted.v1', '{}');
      training.publish('pin.mandates.habilitation.granted.v2', '{}');
      training.publish('pin.directory.lieu.created.v1', '{}');
      await training.flush();
    })).toEqual(['pin.training.certification.granted.v1']);
    expect(await received('pin.rpc.directory.lieu.get', () => training.request('pin.rpc.directory.lieu.get', '{}', { timeout: 300 }))).toEqual([]);

    const jsm = await jetstreamManager(await as('tools'));
    await jsm.streams.add({ name: 'PIN_DIRECTORY', subjects: ['pin.directory.>'] }).catch(() => undefined);
    await jsm.consumers.add('PIN_DIRECTORY', { durable_name: 'training-lieux', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.directory.lieu.>', deliver_policy: DeliverPolicy.New });
    await jsm.consumers.add('PIN_DIRECTORY', { durable_name: 'mandates-structures', ack_policy: AckPolicy.Explicit }).catch(() => undefined);
    await jetstream(await as('directory')).publish('pin.directory.lieu.created.v1', '{"lieu":1}');
    const mine = await jetstream(training).consumers.get('PIN_DIRECTORY', 'training-lieux');
    const msg = await mine.next({ expires: 2_000 });
    expect(msg?.json()).toEqual({ lieu: 1 });
    msg?.ack();
    await expect(jetstream(training).consumers.get('PIN_DIRECTORY', 'mandates-structures').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    await expect(jetstream(await as('mandates')).consumers.get('PIN_DIRECTORY', 'training-lieux').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();

    // Mandates reads the certifications through its own durable on PIN_TRAINING, nobody else does.
    await jsm.streams.add({ name: 'PIN_TRAINING', subjects: ['pin.training.>'] });
    await jsm.consumers.add('PIN_TRAINING', { durable_name: 'mandates-training', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.training.certification.>' });
    await jetstream(training).publish('pin.training.certification.granted.v1', '{"c":1}');
    for (const intruder of ['directory', 'gateway', 'training'] as const) {
      await expect(jetstream(await as(intruder)).consumers.get('PIN_TRAINING', 'mandates-training').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    }
    const certifications = await jetstream(await as('mandates')).consumers.get('PIN_TRAINING', 'mandates-training');
    const cert = await certifications.next({ expires: 2_000 });
    expect(cert?.json()).toEqual({ c: 1 });
    cert?.ack();
    // And the PIX results through a second durable (« test PIX réussi »).
    await jsm.consumers.add('PIN_TRAINING', { durable_name: 'mandates-training-pix', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.training.pix.>' });
    await jetstream(training).publish('pin.training.pix.recorded.v1', '{"p":1}');
    for (const intruder of ['directory', 'gateway', 'training'] as const) {
      await expect(jetstream(await as(intruder)).consumers.get('PIN_TRAINING', 'mandates-training-pix').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    }
    const pix = await (await jetstream(await as('mandates')).consumers.get('PIN_TRAINING', 'mandates-training-pix')).next({ expires: 2_000 });
    expect(pix?.json()).toEqual({ p: 1 });
    pix?.ack();
  });

  it('labelling publishes only its events and reads only its durables; the directory and mandates read theirs on PIN_LABELLING', async () => {
    const labelling = await as('labelling');
    labelling.subscribe('pin.rpc.labelling.>', { callback: (_e, m) => { m.respond('{"ok":true}'); } });
    await labelling.flush();
    expect((await (await as('gateway')).request('pin.rpc.labelling.programme.list', '{}', { timeout: 2_000 })).json()).toEqual({ ok: true });
    expect(await received('pin.>', async () => {
      labelling.publish('pin.labelling.label.granted.v1', '{}');
      labelling.publish('pin.directory.lieu.created.v1', '{}');
      await labelling.flush();
    })).toEqual(['pin.labelling.label.granted.v1']);
    const jsm = await jetstreamManager(await as('tools'));
    await jsm.streams.add({ name: 'PIN_LABELLING', subjects: ['pin.labelling.>'] });
    await jsm.consumers.add('PIN_LABELLING', { durable_name: 'directory-labels', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.labelling.label.>' });
    await jsm.consumers.add('PIN_LABELLING', { durable_name: 'mandates-labelling', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.labelling.charter.>' });
    await jetstream(labelling).publish('pin.labelling.label.granted.v1', '{"l":1}');
    await jetstream(labelling).publish('pin.labelling.charter.signed.v1', '{"s":1}');
    for (const intruder of ['gateway', 'training', 'labelling', 'mandates'] as const) {
      await expect(jetstream(await as(intruder)).consumers.get('PIN_LABELLING', 'directory-labels').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    }
    await expect(jetstream(await as('directory')).consumers.get('PIN_LABELLING', 'mandates-labelling').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    const labels = await (await jetstream(await as('directory')).consumers.get('PIN_LABELLING', 'directory-labels')).next({ expires: 2_000 });
    expect(labels?.json()).toEqual({ l: 1 });
    labels?.ack();
    const signatures = await (await jetstream(await as('mandates')).consumers.get('PIN_LABELLING', 'mandates-labelling')).next({ expires: 2_000 });
    expect(signatures?.json()).toEqual({ s: 1 });
    signatures?.ack();
    // Labelling's own durables on other streams, nobody else's.
    await jsm.consumers.add('PIN_TRAINING', { durable_name: 'labelling-certifications', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.training.certification.>' });
    await expect(jetstream(labelling).consumers.get('PIN_TRAINING', 'mandates-training').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    await expect(jetstream(await as('mandates')).consumers.get('PIN_TRAINING', 'labelling-certifications').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
  });

  it('mailbox publishes only its events, asks only the authorization check, receives only its requests and reads only its durable', async () => {
    const mailbox = await as('mailbox');
    expect(await received('pin.>', async () => {
      mailbox.publish('pin.mailbox.mailbox.provisioned.v1', '{}');
      mailbox.publish('pin.mandates.mandate.created.v1', '{}');
      await mailbox.flush();
    })).toEqual(['pin.mailbox.mailbox.provisioned.v1']);
    expect(await received('pin.rpc.mandates.authorization.check', () => mailbox.request('pin.rpc.mandates.authorization.check', '{}', { timeout: 300 }))).toEqual(['pin.rpc.mandates.authorization.check']);
    expect(await received('pin.rpc.mandates.usager.get', () => mailbox.request('pin.rpc.mandates.usager.get', '{}', { timeout: 300 }))).toEqual([]);
    mailbox.subscribe('pin.rpc.mailbox.>', { callback: (_e, m) => { m.respond('{"ok":true}'); } });
    await mailbox.flush();
    expect((await (await as('gateway')).request('pin.rpc.mailbox.mailbox.get', '{}', { timeout: 2_000 })).json()).toEqual({ ok: true });
    const jsm = await jetstreamManager(await as('tools'));
    await jsm.streams.add({ name: 'PIN_MANDATES', subjects: ['pin.mandates.>'] }).catch(() => undefined);
    await jsm.consumers.add('PIN_MANDATES', { durable_name: 'mailbox-mandats', ack_policy: AckPolicy.Explicit, filter_subject: 'pin.mandates.mandate.>', deliver_policy: DeliverPolicy.New });
    await jetstream(await as('mandates')).publish('pin.mandates.mandate.created.v1', '{"m":1}');
    await expect(jetstream(await as('operators')).consumers.get('PIN_MANDATES', 'mailbox-mandats').then((c) => c.next({ expires: 1_000 }))).rejects.toThrow();
    const msg = await (await jetstream(mailbox).consumers.get('PIN_MANDATES', 'mailbox-mandats')).next({ expires: 2_000 });
    expect(msg?.json()).toEqual({ m: 1 });
    msg?.ack();
  });
});

describe('deploy/nats/nats.conf', () => {
  const check = (env: Record<string, string>) =>
    spawnSync(process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server', ['-c', resolve(repoRoot(), 'deploy/nats/nats.conf'), '-t'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  const passwords = { NATS_GATEWAY_PASSWORD: 'pa1', NATS_DIRECTORY_PASSWORD: 'pb2', NATS_MANDATES_PASSWORD: 'pc3', NATS_TRAINING_PASSWORD: 'pe5', NATS_TOOLS_PASSWORD: 'pd4', NATS_OPERATORS_PASSWORD: 'ph8', NATS_CAF_PASSWORD: 'pf6', NATS_CPAM_PASSWORD: 'pg7', NATS_LABELLING_PASSWORD: 'pl9', NATS_MAILBOX_PASSWORD: 'pi9', NATS_SAFE_PASSWORD: 'pj9' };

  it('is a valid server configuration once every app’s password is given', () => {
    expect(check(passwords).status).toBe(0);
  });

  it('refuses to start when a password is missing: never an open bus', () => {
    const { NATS_MANDATES_PASSWORD: _missing, ...others } = passwords;
    const r = check(others);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/NATS_MANDATES_PASSWORD/);
  });
});
