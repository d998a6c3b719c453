// The S3 adapter against a real local S3 server (s3rver, started here on a free port):
// multipart upload of a 12 MiB stream, streamed read, listing and deletion.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { S3Storage } from '@pin/persistence/storage';
import { startTestBucket, type TestBucket } from './test-bucket';

jest.setTimeout(60_000);

describe('S3 storage adapter (real s3rver)', () => {
  let dir: string;
  let bucket: TestBucket;
  let storage: S3Storage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3rver-'));
    bucket = await startTestBucket(dir, 'pin-safe-test');
    storage = bucket.storage;
  });
  afterAll(async () => {
    await bucket?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a multipart object from a stream, reads it back byte for byte, lists and deletes it', async () => {
    const bytes = randomBytes(12 * 1024 * 1024 + 123);
    const chunks = function* () {
      for (let i = 0; i < bytes.length; i += 256 * 1024) yield bytes.subarray(i, i + 256 * 1024);
    };
    await storage.put('obj-1', Readable.from(chunks()));
    expect(await storage.list()).toEqual(['obj-1']);
    const hash = createHash('sha256');
    for await (const c of await storage.get('obj-1')) hash.update(c as Buffer);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    await storage.delete('obj-1');
    expect(await storage.list()).toEqual([]);
    await expect(storage.get('obj-1')).rejects.toThrow();
  });
});
