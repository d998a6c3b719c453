import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { UserContext } from '@pin/contracts';

export interface RequestStore {
  correlationId: string;
  user?: UserContext;
}

const storage = new AsyncLocalStorage<RequestStore>();

/** Request-scoped context (correlation id, verified user) without passing it through every call. */
export const RequestContext = {
  run<T>(store: RequestStore, fn: () => T): T {
    return storage.run(store, fn);
  },
  get(): RequestStore | undefined {
    return storage.getStore();
  },
  correlationId(): string {
    return storage.getStore()?.correlationId ?? randomUUID();
  },
};

/** Accepts a caller's correlation id only when it is a sane token; otherwise makes one. */
export function sanitizeCorrelationId(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(value) ? value : randomUUID();
}
