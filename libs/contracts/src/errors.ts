/**
 * Error codes shared across the process boundary (a service answers a request with one, the
 * gateway maps it to HTTP). Codes are stable strings; messages are French and meant for users.
 */
export const ERROR_STATUS = {
  'REQUEST.INVALID': 400,
  'REQUEST.INVALID_JSON': 400,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'REQUEST.HEADERS_TOO_LARGE': 431,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.RATE_LIMITED': 429,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.FORBIDDEN': 403,
  'AUTH.STRUCTURE_SCOPE': 403,
  'RESOURCE.NOT_FOUND': 404,
  'STRUCTURE.NOT_FOUND': 404,
  'STRUCTURE.VERSION_CONFLICT': 409,
  'STRUCTURE.SIRET_TAKEN': 409,
  'SEARCH.UNKNOWN_FILTER': 400,
  'SEARCH.INVALID_COORDINATES': 400,
  'SEARCH.INVALID_PAGINATION': 400,
  'SEARCH.INVALID_TIME': 400,
  'IMPORT.NOT_FOUND': 404,
  'IMPORT.FILE_MISSING': 400,
  'DOUBLON.NOT_FOUND': 404,
  'DOUBLON.ALREADY_DECIDED': 409,
  'LIEU.NOT_FOUND': 404,
  'LIEU.VERSION_CONFLICT': 409,
  'LIEU.OUTSIDE_FRANCE': 400,
  'LIEU.OUTSIDE_DEPARTEMENT': 400,
  'LIEU.UNKNOWN_INSEE': 400,
  'LIEU.POSTAL_CODE_MISMATCH': 400,
  'LIEU.INVALID_HOURS': 400,
  'LIEU.STRUCTURE_REQUIRED': 400,
  'LIEU.CLOSED': 409,
  'DEMARCHE.UNKNOWN': 400,
  'DEMARCHE.NOT_FOUND': 404,
  'DEMARCHE.ALREADY_EXISTS': 409,
  'SIGNALEMENT.NOT_FOUND': 404,
  'SIGNALEMENT.ALREADY_RESOLVED': 409,
  'MANDAT.AIDANT_NOT_HABILITATED': 403,
  'MANDAT.STRUCTURE_REQUIRED': 400,
  'MANDAT.NOT_FOUND': 404,
  'MANDAT.ALREADY_REVOKED': 409,
  'MANDAT.INACTIVE': 409,
  'USAGER.NOT_FOUND': 404,
  'USAGER.POSSIBLE_DUPLICATE': 409,
  'USAGER.INVALID_CODE': 404,
  'USAGER.ALREADY_LINKED': 409,
  'HABILITATION.NOT_FOUND': 404,
  'HABILITATION.ALREADY_EXISTS': 409,
  'HABILITATION.MISSING_PREREQUISITES': 409,
  'HABILITATION.DECISION_NOT_ALLOWED': 409,
  'HABILITATION.MEMBER_UNKNOWN': 422,
  'OPERATEUR.CLIENT_REQUIRED': 403,
  'WEBHOOK.NOT_FOUND': 404,
  'WEBHOOK.URL_REFUSED': 400,
  'WEBHOOK.LIMIT_REACHED': 409,
  'ABONNEMENT.NOT_FOUND': 404,
  'LIVRAISON.NOT_FOUND': 404,
  'ANNONCE.NOT_FOUND': 404,
  'ORIENTATION.NOT_FOUND': 404,
  'MODULE.NOT_FOUND': 404,
  'PARCOURS.NOT_FOUND': 404,
  'SESSION.NOT_FOUND': 404,
  'SESSION.CANCELLED': 409,
  'SESSION.UNKNOWN_LIEU': 400,
  'SESSION.NOT_TRAINER': 403,
  'SESSION.CAPACITY_BELOW_REGISTERED': 409,
  'INSCRIPTION.NOT_FOUND': 404,
  'INSCRIPTION.DUPLICATE': 409,
  'INSCRIPTION.ALREADY_CANCELLED': 409,
  'INSCRIPTION.NOT_REGISTERED': 409,
  'PRESENCE.UNKNOWN_HALF_DAY': 400,
  'ATTESTATION.NOT_ATTENDED': 409,
  'ATTESTATION.NOT_FOUND': 404,
  'PIX.STRUCTURE_REQUIRED': 400,
  'DIAGNOSTIC.UNKNOWN_INSEE': 400,
  'IDEMPOTENCY.KEY_REQUIRED': 400,
  'IDEMPOTENCY.CONFLICT': 409,
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
