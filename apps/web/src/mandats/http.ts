import { getJson, type ApiResult } from '../api';

/** Writes to the gateway (same origin, session cookie); failures become French messages like getJson's. */

export { getJson };
export type { ApiResult };

const TIMEOUT_MS = 15_000;
const SERVER_ERROR = 'Le service est momentanément indisponible. Réessayez dans quelques instants.';

export interface ErrorDetails {
  details?: unknown;
}

export type SendResult<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string; details?: unknown };

export async function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<SendResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return { ok: false, status: 0, code: 'NETWORK.UNREACHABLE', message: 'Impossible de joindre le serveur. Vérifiez votre connexion internet puis réessayez.' };
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  if (res.ok) return { ok: true, data: json as T };
  const err = (json ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  return {
    ok: false,
    status: res.status,
    code: typeof err.code === 'string' ? err.code : `HTTP.${res.status}`,
    message: typeof err.message === 'string' && err.message ? err.message : res.status === 403 ? 'Vous n’avez pas les droits nécessaires pour cette action.' : SERVER_ERROR,
    details: err.details,
  };
}

/** A fresh key per submission: a double click or a retry after a timeout creates nothing twice. */
export function idempotencyKey(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
