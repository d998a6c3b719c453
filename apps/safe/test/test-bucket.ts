// A real local S3 server (s3rver) on a free port, storing in a given directory, with one bucket
// created and the S3 adapter connected to it: the setup of the specs that store in a bucket.
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Storage, type S3Storage } from '@pin/persistence/storage';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

export interface TestBucket {
  endpoint: string;
  storage: S3Storage;
  /** Closes the adapter and stops the server (the directory stays: its owner removes it). */
  close(): Promise<void>;
}

export async function startTestBucket(dir: string, bucket: string): Promise<TestBucket> {
  const server: { run(): Promise<AddressInfo>; close(): Promise<void> } = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const storage = createS3Storage({ endpoint, region: 'us-east-1', bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });
  await storage.client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    storage,
    close: async () => {
      storage.close();
      await server.close();
    },
  };
}
