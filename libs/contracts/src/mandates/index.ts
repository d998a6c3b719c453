export * from './demarches';
export * from './mandates.dto';
export * from './mandates.events';
