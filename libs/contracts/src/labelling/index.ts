export * from './labelling.dto';
export * from './labelling.events';
export * from './programme.dto';
export * from './dossier-pieces.dto';
