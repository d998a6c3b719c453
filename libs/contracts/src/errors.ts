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
  'SEARCH.FILTRE_INCONNU': 400,
  'SEARCH.COORDONNEES_INVALIDES': 400,
  'SEARCH.PAGINATION_INVALIDE': 400,
  'SEARCH.HORAIRE_INVALIDE': 400,
  'IMPORT.NOT_FOUND': 404,
  'IMPORT.FILE_MISSING': 400,
  'DOUBLON.NOT_FOUND': 404,
  'DOUBLON.ALREADY_DECIDED': 409,
  'LIEU.NOT_FOUND': 404,
  'LIEU.VERSION_CONFLICT': 409,
  'LIEU.HORS_FRANCE': 400,
  'LIEU.HORS_DEPARTEMENT': 400,
  'LIEU.INSEE_INCONNU': 400,
  'LIEU.HORAIRES_INVALIDES': 400,
  'LIEU.STRUCTURE_REQUISE': 400,
  'LIEU.FERME': 409,
  'DEMARCHE.INCONNUE': 400,
  'DEMARCHE.NOT_FOUND': 404,
  'DEMARCHE.EXISTE_DEJA': 409,
  'SIGNALEMENT.NOT_FOUND': 404,
  'SIGNALEMENT.DEJA_TRAITE': 409,
  'MANDAT.AIDANT_NON_HABILITE': 403,
  'MANDAT.STRUCTURE_REQUISE': 400,
  'MANDAT.INTROUVABLE': 404,
  'MANDAT.DEJA_REVOQUE': 409,
  'MANDAT.INACTIF': 409,
  'USAGER.INTROUVABLE': 404,
  'USAGER.DOUBLON_POSSIBLE': 409,
  'USAGER.CODE_INVALIDE': 404,
  'USAGER.DEJA_RELIE': 409,
  'HABILITATION.INTROUVABLE': 404,
  'HABILITATION.EXISTE_DEJA': 409,
  'HABILITATION.PREREQUIS_MANQUANTS': 409,
  'HABILITATION.DECISION_IMPOSSIBLE': 409,
  'IDEMPOTENCE.CLE_REQUISE': 400,
  'IDEMPOTENCE.CONFLIT': 409,
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
