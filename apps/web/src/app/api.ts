/**
 * The one HTTP client of the web app: same origin, session cookie, a timeout, and every failure
 * turned into a French message with the API's stable code (and field details for forms).
 * Response and request types come from `@pin/contracts` (type-only imports).
 */

export type ApiFailure = { ok: false; status: number; code: string; message: string; details?: unknown };
export type ApiResult<T> = { ok: true; data: T } | ApiFailure;

export interface RequestOptions {
  /** Query string values; undefined and empty values are left out. */
  query?: Record<string, string | number | boolean | readonly string[] | undefined | null>;
  body?: unknown;
  headers?: Record<string, string>;
  /** The structure the caller acts for (header `X-Pin-Structure`). */
  structureId?: string;
  /** Required by routes that create something: a retry creates nothing twice. */
  idempotencyKey?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const TIMEOUT_MS = 15_000;
const SERVER_ERROR = 'Le service est momentanément indisponible. Réessayez dans quelques instants.';
const FALLBACK_MESSAGES: Record<number, string> = {
  0: 'Impossible de joindre le serveur. Vérifiez votre connexion internet puis réessayez.',
  401: 'Vous devez être connecté.',
  403: 'Vous n’avez pas les droits nécessaires pour cette action.',
  404: 'Cette ressource est introuvable.',
  413: 'Le fichier est trop volumineux.',
  429: 'Trop de requêtes : patientez un instant avant de réessayer.',
};

export function withQuery(path: string, query: RequestOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

function failure(status: number, code: string, message: string, details?: unknown): ApiFailure {
  return details === undefined ? { ok: false, status, code, message } : { ok: false, status, code, message, details };
}

async function send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response | ApiFailure> {
  const headers: Record<string, string> = { accept, ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || options.body instanceof Blob) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (options.structureId) headers['x-pin-structure'] = options.structureId;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS);
  try {
    return await fetch(withQuery(path, options.query), {
      method,
      credentials: 'same-origin',
      headers,
      body,
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    if (err instanceof DOMException && err.name === 'AbortError') return failure(0, 'NETWORK.ABORTED', 'Requête annulée.');
    return failure(0, timedOut ? 'NETWORK.TIMEOUT' : 'NETWORK.UNREACHABLE', timedOut ? 'Le serveur met trop de temps à répondre. Réessayez.' : FALLBACK_MESSAGES[0]);
  }
}

async function errorOf(res: Response): Promise<ApiFailure> {
  const text = await res.text().catch(() => '');
  let json: { code?: unknown; message?: unknown; details?: unknown } = {};
  try {
    json = (text ? JSON.parse(text) : {}) ?? {};
  } catch {
    json = {};
  }
  const code = typeof json.code === 'string' ? json.code : `HTTP.${res.status}`;
  const message = typeof json.message === 'string' && json.message ? json.message : (FALLBACK_MESSAGES[res.status] ?? SERVER_ERROR);
  return failure(res.status, code, message, json.details);
}

/** A JSON request; 204 gives `data: null`. */
export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const res = await send(method, path, options, 'application/json');
  if (!(res instanceof Response)) return res;
  if (!res.ok) return errorOf(res);
  if (res.status === 204) return { ok: true, data: null as T };
  const text = await res.text().catch(() => undefined);
  try {
    return text === undefined ? failure(res.status, 'RESPONSE.INVALID', SERVER_ERROR) : { ok: true, data: (text ? JSON.parse(text) : null) as T };
  } catch {
    return failure(res.status, 'RESPONSE.INVALID', SERVER_ERROR);
  }
}

/** A binary answer (PDF, CSV): the blob and the file name the server gave. */
export async function requestFile(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<ApiResult<{ blob: Blob; fileName?: string }>> {
  const res = await send(method, path, { timeoutMs: 60_000, ...options }, '*/*');
  if (!(res instanceof Response)) return res;
  if (!res.ok) return errorOf(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const fileName = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return { ok: true, data: { blob: await res.blob(), fileName: fileName ? decodeURIComponent(fileName) : undefined } };
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};

/** A fresh key per submission: a double click or a retry after a timeout creates nothing twice. */
export function idempotencyKey(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Same-site path to come back to after login (the gateway checks it again). */
export function loginUrl(returnTo: string): string {
  const safe = /^\/app(\/[\w\-/]*)?$/.test(returnTo) ? returnTo : '/app';
  return `/auth/login?returnTo=${safe}`;
}
