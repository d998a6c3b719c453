import type { OperatorsConfig } from './config.schema';

/** The validated configuration, injectable (`@Inject(OPERATORS_CONFIG)`). */
export const OPERATORS_CONFIG = Symbol('OPERATORS_CONFIG');
export type { OperatorsConfig };
