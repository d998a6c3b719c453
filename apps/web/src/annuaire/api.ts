/** Calls of the directory pages to the gateway (same-origin session cookie); failures carry the API's French message and details. */

export type Result<T> = { ok: true; status: number; data: T } | { ok: false; status: number; code: string; message: string; details?: unknown };

const SERVER_ERROR = 'Le service est momentanément indisponible. Réessayez dans quelques instants.';
const FALLBACK: Record<number, string> = {
  0: 'Impossible de joindre le serveur. Vérifiez votre connexion internet puis réessayez.',
  401: 'Votre session a expiré : reconnectez-vous.',
  403: 'Vous n’avez pas les droits nécessaires pour cette action.',
  404: 'Cette ressource est introuvable.',
  409: 'Ces informations ont été modifiées entre-temps.',
  413: 'Le fichier est trop volumineux.',
  429: 'Trop de demandes : patientez un instant avant de réessayer.',
};

export async function call<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<Result<T>> {
  let res: Response;
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    if (contentType) {
      headers['content-type'] = contentType;
      payload = body as BodyInit;
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  try {
    res = await fetch(path, { method, credentials: 'same-origin', headers, body: payload, signal: AbortSignal.timeout(contentType ? 120_000 : 15_000) });
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    return { ok: false, status: 0, code: timedOut ? 'NETWORK.TIMEOUT' : 'NETWORK.UNREACHABLE', message: timedOut ? 'Le serveur met trop de temps à répondre. Réessayez.' : FALLBACK[0] };
  }
  const data = res.status === 204 ? null : await res.json().catch(() => undefined);
  if (res.ok) return data === undefined ? { ok: false, status: res.status, code: 'RESPONSE.INVALID', message: SERVER_ERROR } : { ok: true, status: res.status, data: data as T };
  const err = (data ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  return {
    ok: false,
    status: res.status,
    code: typeof err.code === 'string' ? err.code : `HTTP.${res.status}`,
    message: typeof err.message === 'string' && err.message ? err.message : (FALLBACK[res.status] ?? SERVER_ERROR),
    details: err.details,
  };
}

export const get = <T>(path: string) => call<T>('GET', path);

export interface LieuSummary {
  id: string;
  nom: string;
  adresse: string;
  complement_adresse?: string | null;
  commune: string;
  code_postal: string;
  latitude: number | null;
  longitude: number | null;
  services: string[];
  demarches: string[];
  flags: string[];
  ouvert: boolean | null;
  distance_m?: number;
}

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CommuneSummary {
  code_insee: string;
  nom: string;
  codes_postaux?: string[];
}

export interface PublicConfig {
  carte: { tuiles: string | null; attribution: string };
}

/** Every vocabulary: field name (or filter name) → {slug: label}. */
export type Referentiels = Record<string, Record<string, string>>;

let referentiels: Promise<Result<unknown>> | undefined;
let demarches: Promise<Result<unknown>> | undefined;
let config: Promise<Result<PublicConfig>> | undefined;

/** Cached for the page's life (they change rarely); a failure is retried on the next call. */
function cached<T>(load: () => Promise<Result<T>>, get: () => Promise<Result<T>> | undefined, set: (p: Promise<Result<T>> | undefined) => void): Promise<Result<T>> {
  const existing = get();
  if (existing) return existing;
  const p = load().then((r) => {
    if (!r.ok) set(undefined);
    return r;
  });
  set(p);
  return p;
}

export const fetchReferentiels = () => cached(() => get<unknown>('/api/v1/referentiels'), () => referentiels, (p) => (referentiels = p));
export const fetchDemarches = () => cached(() => get<unknown>('/api/v1/demarches'), () => demarches, (p) => (demarches = p));
export const fetchPublicConfig = () => cached(() => get<PublicConfig>('/api/v1/config/public'), () => config, (p) => (config = p));
