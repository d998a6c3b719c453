export * from './training.dto';
export * from './training.events';
