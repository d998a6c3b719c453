/** Calls to the gateway's API with the session cookie; every failure becomes a French message. */

export interface CurrentUser {
  username: string;
  name: string;
  roles: string[];
  structures: string[];
}

export interface Structure {
  id: string;
  nom: string;
  commune: string;
  codeInsee?: string | null;
  version?: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string };

const TIMEOUT_MS = 15_000;

const FALLBACK_MESSAGES: Record<number, string> = {
  0: 'Impossible de joindre le serveur. Vérifiez votre connexion internet puis réessayez.',
  401: 'Vous devez être connecté.',
  403: 'Vous n’avez pas les droits nécessaires pour consulter ces informations.',
  404: 'Cette ressource est introuvable.',
  429: 'Trop de requêtes : patientez un instant avant de réessayer.',
};
const SERVER_ERROR = 'Le service est momentanément indisponible. Réessayez dans quelques instants.';

export async function getJson<T>(path: string): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    return failure(0, timedOut ? 'NETWORK.TIMEOUT' : 'NETWORK.UNREACHABLE', timedOut ? 'Le serveur met trop de temps à répondre. Réessayez.' : FALLBACK_MESSAGES[0]);
  }
  const body = await res.json().catch(() => undefined);
  if (res.ok) {
    return body === undefined ? failure(res.status, 'RESPONSE.INVALID', SERVER_ERROR) : { ok: true, data: body as T };
  }
  const err = (body ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : `HTTP.${res.status}`;
  const message = typeof err.message === 'string' && err.message ? err.message : (FALLBACK_MESSAGES[res.status] ?? SERVER_ERROR);
  return failure(res.status, code, message);
}

function failure(status: number, code: string, message: string): ApiResult<never> {
  return { ok: false, status, code, message };
}

export const fetchMe = () => getJson<CurrentUser>('/api/v1/me');
export const fetchStructures = () => getJson<Page<Structure>>('/api/v1/structures');

/** Same-site path to come back to after login (the gateway checks it again). */
export function loginUrl(returnTo: string): string {
  const safe = /^\/app(\/[\w\-/]*)?$/.test(returnTo) ? returnTo : '/app';
  return `/auth/login?returnTo=${safe}`;
}
