export * from './standard';
export * from './lieu.dto';
export * from './search.dto';
export * from './lieu-api.dto';
export * from './dashboard.dto';
