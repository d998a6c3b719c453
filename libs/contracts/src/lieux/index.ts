export * from './standard';
export * from './lieu.dto';
