export * from './operators.dto';
export * from './operators.events';
