export * from './data-source';
export * from './migrate-on-boot';
export * from './unavailable';
export * from './canonical';
export * from './hash-chain';
