export * from './labelling.dto';
export * from './labelling.events';
export * from './programme.dto';
