// The safe with its S3 adapter against a real local S3 server (s3rver): deposit, download, a
// tampered object refused, deletion removing the object; the bucket never holds the plaintext.
import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { REQUESTS } from '@pin/contracts';
import type { S3Storage } from '@pin/persistence/storage';
import { pdfWith, usagerUser } from './safe.fixtures';
import { useSafeTestEnv } from './safe-test-env';
import { startTestBucket } from './test-bucket';

jest.setTimeout(120_000);

const R = REQUESTS.safe;

describe('safe on S3 (s3rver)', () => {
  let storage: S3Storage;
  const env = useSafeTestEnv({
    name: 's3',
    mandatesStream: false,
    storage: async (dir) => {
      const bucket = await startTestBucket(dir, 'pin-safe');
      storage = bucket.storage;
      return { storage, close: bucket.close, config: { SAFE_STORAGE: 's3', S3_ENDPOINT: bucket.endpoint, S3_BUCKET: 'pin-safe', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' } };
    },
  });
  const { call } = env;
  const objectOf = async (id: string) => ((await env.ds.query(`SELECT object_key FROM document WHERE id = $1`, [id])) as { object_key: string }[])[0]!.object_key;
  const bytesOf = async (key: string) => Buffer.from(await (await storage.client.send(new GetObjectCommand({ Bucket: 'pin-safe', Key: key }))).Body!.transformToByteArray());

  it('stores ciphertext only in the bucket, serves it back, refuses a tampered object, deletes the object with the key', async () => {
    const user = usagerUser();
    env.mandates.accounts.set(user.sub, randomUUID());
    const name = `MARQUEUR-S3-${randomUUID().slice(0, 8)}.pdf`;
    const dep = await env.edge.deposit(user, { categorie: 'logement', nom: name }, await pdfWith('quittance de loyer'));
    expect(dep.status).toBe(201);
    const key = await objectOf(dep.body.id);
    const stored = await bytesOf(key);
    expect(stored.includes(Buffer.from(name))).toBe(false);

    const got = await env.edge.download((await call<{ url: string }>(R.documentLink, user, { params: { id: dep.body.id } })).url, user);
    expect(got.status).toBe(200);
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(dep.body.sha256);
    expect(stored.includes(got.bytes.subarray(0, 64))).toBe(false);

    const tampered = Buffer.from(stored);
    tampered[Math.floor(tampered.length / 2)] ^= 0x80;
    await storage.client.send(new PutObjectCommand({ Bucket: 'pin-safe', Key: key, Body: tampered }));
    const refused = await env.edge.download((await call<{ url: string }>(R.documentLink, user, { params: { id: dep.body.id } })).url, user);
    expect([refused.status, JSON.parse(refused.bytes.toString()).code]).toEqual([409, 'DOCUMENT.INTEGRITY_FAILED']);

    await call(R.documentDelete, user, { params: { id: dep.body.id } });
    expect(await storage.list()).not.toContain(key);
  });
});
