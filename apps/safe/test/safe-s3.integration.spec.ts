// The safe with its S3 adapter against a real local S3 server (s3rver): deposit, download, a
// tampered object refused, deletion removing the object; the bucket never holds the plaintext.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NatsConnection } from '@nats-io/transport-node';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DataSource } from 'typeorm';
import { REQUESTS, rpc, type UserContext } from '@pin/contracts';
import { bootstrapService, connectNats } from '@pin/messaging';
import { createTestDatabase, nestRequest, TestNatsServer, type TestDatabase } from '@pin/testing';
import { AppModule } from '../src/app.module';
import { configSchema } from '../src/config/config.schema';
import { EdgeHttpServer } from '../src/edge/edge-http.server';
import { createS3Storage, type S3Storage } from '@pin/persistence/storage';
import { EdgeClient, MandatesStandIn, pdfWith, usagerUser } from './safe.fixtures';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

jest.setTimeout(120_000);

const R = REQUESTS.safe;
const SECRET = randomBytes(32).toString('base64url');

describe('safe on S3 (s3rver)', () => {
  let db: TestDatabase;
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let app: NestFastifyApplication;
  let dir: string;
  let s3: { run(): Promise<AddressInfo>; close(): Promise<void> };
  let storage: S3Storage;
  let edge: EdgeClient;
  let mandates: MandatesStandIn;
  const call = <T = any>(pattern: string, user: UserContext, parts: Parameters<typeof rpc>[0] = {}) => nestRequest<T>(nc, pattern, rpc(parts), { user });
  const objectOf = async (id: string) => ((await app.get(DataSource).query(`SELECT object_key FROM document WHERE id = $1`, [id])) as { object_key: string }[])[0]!.object_key;
  const bytesOf = async (key: string) => Buffer.from(await (await storage.client.send(new GetObjectCommand({ Bucket: 'pin-safe', Key: key }))).Body!.transformToByteArray());

  beforeAll(async () => {
    db = await createTestDatabase('safe_s3');
    dir = await mkdtemp(join(tmpdir(), 'pin-safe-s3-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
    const { port } = await s3.run();
    const config = configSchema.parse({
      DATABASE_URL: db.url, NATS_URL: 'nats://127.0.0.1:4222', LOG_LEVEL: process.env.SAFE_TEST_LOG ?? 'silent', SAFE_EDGE_SECRET: SECRET, SAFE_KEKS: `v1:${randomBytes(32).toString('base64')}`,
      SAFE_STORAGE: 's3', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: 'pin-safe', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    nats = await TestNatsServer.start();
    nc = await connectNats({ url: nats.url, name: 'safe-s3-test' });
    mandates = new MandatesStandIn(nc).start();
    storage = createS3Storage({ endpoint: config.S3_ENDPOINT, region: config.S3_REGION, bucket: config.S3_BUCKET, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
    await storage.client.send(new CreateBucketCommand({ Bucket: 'pin-safe' }));
    app = await bootstrapService({ module: AppModule.forRoot({ ...config, NATS_URL: nats.url }, storage), nats: { url: nats.url }, queue: 'safe', healthPort: 0, healthHost: '127.0.0.1' });
    edge = new EdgeClient(`http://127.0.0.1:${app.get(EdgeHttpServer).port}`, SECRET);
  });
  afterAll(async () => {
    await app?.close();
    storage?.close();
    mandates?.stop();
    await nc?.close();
    await nats?.stop();
    await s3?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores ciphertext only in the bucket, serves it back, refuses a tampered object, deletes the object with the key', async () => {
    const user = usagerUser();
    mandates.accounts.set(user.sub, randomUUID());
    const name = `MARQUEUR-S3-${randomUUID().slice(0, 8)}.pdf`;
    const dep = await edge.deposit(user, { categorie: 'logement', nom: name }, await pdfWith('quittance de loyer'));
    expect(dep.status).toBe(201);
    const key = await objectOf(dep.body.id);
    const stored = await bytesOf(key);
    expect(stored.includes(Buffer.from(name))).toBe(false);

    const got = await edge.download((await call<{ url: string }>(R.documentLink, user, { params: { id: dep.body.id } })).url, user);
    expect(got.status).toBe(200);
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(dep.body.sha256);
    expect(stored.includes(got.bytes.subarray(0, 64))).toBe(false);

    const tampered = Buffer.from(stored);
    tampered[Math.floor(tampered.length / 2)] ^= 0x80;
    await storage.client.send(new PutObjectCommand({ Bucket: 'pin-safe', Key: key, Body: tampered }));
    const refused = await edge.download((await call<{ url: string }>(R.documentLink, user, { params: { id: dep.body.id } })).url, user);
    expect([refused.status, JSON.parse(refused.bytes.toString()).code]).toEqual([409, 'DOCUMENT.INTEGRITY_FAILED']);

    await call(R.documentDelete, user, { params: { id: dep.body.id } });
    expect(await storage.list()).not.toContain(key);
  });
});
