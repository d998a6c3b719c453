/**
 * What the directory pages read from the gateway, through the app's one HTTP client
 * (`app/api.ts`). Response types come from `@pin/contracts` (type-only imports: nothing of the
 * contracts library reaches the bundle).
 */
import type { CommuneSummary, LieuSearchResult, LieuSummary } from '@pin/contracts';
import { api, type ApiResult } from '../app/api';

export type { CommuneSummary, LieuSummary };
export type PageOf<T> = { items: T[]; total: number; page: number; pageSize: number };
export type LieuPage = LieuSearchResult;

export interface PublicConfig {
  carte: { tuiles: string | null; attribution: string };
}

/** Every vocabulary: field name (or filter name) → {slug: label}. */
export type Referentiels = Record<string, Record<string, string>>;

const cache = new Map<string, Promise<ApiResult<unknown>>>();

/** Cached for the page's life (they change rarely); a failure is retried on the next call. */
function cached<T>(path: string): Promise<ApiResult<T>> {
  const existing = cache.get(path);
  if (existing) return existing as Promise<ApiResult<T>>;
  const p = api.get<T>(path).then((r) => {
    if (!r.ok) cache.delete(path);
    return r;
  });
  cache.set(path, p);
  return p;
}

export const fetchReferentiels = () => cached<unknown>('/api/v1/referentiels');
export const fetchDemarches = () => cached<unknown>('/api/v1/demarches');
export const fetchPublicConfig = () => cached<PublicConfig>('/api/v1/config/public');
