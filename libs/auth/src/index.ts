export * from './token-verifier';
export * from './access';
export * from './edge-token';
