export * from './labelling.dto';
export * from './labelling.events';
