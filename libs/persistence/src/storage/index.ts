// Object storage (a local directory or an S3-compatible bucket), imported as
// `@pin/persistence/storage` rather than from the index: only the services that store files
// (safe, labelling) load it, and the AWS SDK only when S3 is configured (`createS3Storage`).
import type { S3Storage, S3StorageOptions } from './s3-storage';

export * from './object-storage';
export * from './fs-storage';
export * from './content-disposition';
export * from './file-responses';
export * from './orphans';
export type { S3Storage, S3StorageOptions } from './s3-storage';

/** The S3-compatible storage; its SDK (~20 MB of memory) is loaded on this call only. */
export function createS3Storage(options: S3StorageOptions): S3Storage {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { S3Storage: Storage } = require('./s3-storage') as typeof import('./s3-storage');
  return new Storage(options);
}
