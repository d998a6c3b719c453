export * from './demarches';
export * from './mandates.dto';
export * from './mandates.events';
export * from './workspace.dto';
export * from './mandates.responses';
