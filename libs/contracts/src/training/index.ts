export * from './training.dto';
export * from './training.events';
export * from './diagnostic.dto';
export * from './training.responses';
