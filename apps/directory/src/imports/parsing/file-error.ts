import { PinError } from '@pin/contracts';

/** The file cannot be read at all (not a CSV/JSON table, unknown columns): no row is imported. */
export const fileError = (message: string, details?: unknown) => new PinError('REQUEST.INVALID', message, details);
