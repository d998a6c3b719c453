import { PassThrough, type Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectStorage, StoredEntry } from './object-storage';

export interface S3StorageOptions {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** S3-compatible bucket; uploads are multipart (`@aws-sdk/lib-storage`, 5 MiB parts, 2 in flight: bounded memory). */
export class S3Storage implements ObjectStorage {
  readonly client: S3Client;

  constructor(private readonly o: S3StorageOptions) {
    const config: S3ClientConfig = { region: o.region, forcePathStyle: o.forcePathStyle, endpoint: o.endpoint };
    if (o.accessKeyId && o.secretAccessKey) config.credentials = { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey };
    this.client = new S3Client(config);
  }

  async put(key: string, body: Readable): Promise<void> {
    // lib-storage accepts only Node's own Readable: streams of other implementations (the
    // Encryption SDK's) go through a PassThrough, errors included.
    const source = new PassThrough();
    body.once('error', (err) => source.destroy(err));
    body.pipe(source);
    const upload = new Upload({ client: this.client, params: { Bucket: this.o.bucket, Key: key, Body: source, ContentType: 'application/octet-stream' }, queueSize: 2, partSize: 5 * 1024 * 1024, leavePartsOnError: false });
    await upload.done();
  }

  async get(key: string): Promise<Readable> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: key }));
    return out.Body as Readable;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: key }));
  }

  async list(): Promise<string[]> {
    return (await this.entries()).map((e) => e.key);
  }

  /** Complete objects only: a multipart upload a crash left open is the bucket's lifecycle rule's (AbortIncompleteMultipartUpload). */
  async entries(): Promise<StoredEntry[]> {
    const out: StoredEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.o.bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, modified: o.LastModified ?? new Date() });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  close(): void {
    this.client.destroy();
  }
}
