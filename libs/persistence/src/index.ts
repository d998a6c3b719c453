export * from './data-source';
export * from './migrate-on-boot';
export * from './unavailable';
