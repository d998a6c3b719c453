export * from './token-verifier';
export * from './access';
