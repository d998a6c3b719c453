export * from './safe.dto';
export * from './safe.events';
