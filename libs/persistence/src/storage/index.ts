// Object storage (a local directory or an S3-compatible bucket), imported as
// `@pin/persistence/storage` rather than from the index: only the services that store files
// (safe, labelling) load the AWS SDK.
export * from './object-storage';
export * from './fs-storage';
export * from './s3-storage';
export * from './content-disposition';
