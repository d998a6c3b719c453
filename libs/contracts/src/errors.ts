/**
 * Error codes shared across the process boundary (a service answers a request with one, the
 * gateway maps it to HTTP). Codes are stable strings; messages are French and meant for users.
 */
export const ERROR_STATUS = {
  'REQUEST.INVALID': 400,
  'REQUEST.INVALID_JSON': 400,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.RATE_LIMITED': 429,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.FORBIDDEN': 403,
  'AUTH.STRUCTURE_SCOPE': 403,
  'RESOURCE.NOT_FOUND': 404,
  'STRUCTURE.NOT_FOUND': 404,
  'STRUCTURE.VERSION_CONFLICT': 409,
  'STRUCTURE.SIRET_TAKEN': 409,
  'SERVICE.UNAVAILABLE': 503,
  'SERVICE.TIMEOUT': 504,
  'INTERNAL': 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  code: ErrorCode | string;
  message: string;
  details?: unknown;
  correlationId?: string;
}

/** A failure with a stable code, a French message and the HTTP status the edge will use. */
export class PinError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PinError';
    this.status = ERROR_STATUS[code] ?? 500;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).code === 'string' && typeof (value as ErrorBody).message === 'string';
}
