import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { RouteDef } from '@pin/contracts';

interface Entry {
  value: unknown;
  expires: number;
  resource: string;
}

export interface AnswerCacheOptions {
  /** Entries kept at most (least recently used evicted first); 0 disables the cache. */
  max: number;
  /** Safety net: an entry is never served after this age, even if no event came. */
  ttlMs: number;
}

/**
 * Answers of the declared routes marked `cache` (libs/contracts), kept per exact request — the
 * route, the verified user context as sent to the service, params and query — so a hit returns
 * exactly what the service answered to that same request. Only successes are kept.
 *
 * Invalidation is driven by the owning service's events: a route's `cache.events` name the
 * resource in their CloudEvents `subject`; when one is published (relay → NATS), every answer
 * about that resource is dropped, in every gateway replica. A successful write through this
 * gateway on the same path drops them at once (read-your-writes without waiting for the event).
 * Answers that were being fetched while an invalidation arrived are not stored (generation
 * check), a lost NATS connection empties the cache (events may have been missed meanwhile), and
 * `ttlMs` bounds the age of any entry whatever happens.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byResource = new Map<string, Set<string>>();
  private generation = 0;
  private readonly subscriptions: Subscription[] = [];
  /** Set when an invalidating subscription fails (e.g. refused by the NATS permissions): no more caching. */
  private broken = false;
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(private readonly o: AnswerCacheOptions) {}

  get enabled(): boolean {
    return this.o.max > 0 && this.o.ttlMs > 0 && !this.broken;
  }

  /**
   * Without its events the cache could serve a changed resource until its TTL: it stops caching
   * for good (every request goes to the service, as with `ANSWER_CACHE_MAX=0`).
   */
  disable(): void {
    this.broken = true;
    this.clear();
  }

  /** Subscribes to the events that invalidate the cached routes, and watches the connection. */
  listen(nc: NatsConnection, routes: Record<string, RouteDef>): void {
    if (!this.enabled) return;
    const byEvent = new Map<string, string[]>();
    for (const [key, route] of Object.entries(routes)) {
      for (const type of route.cache?.events ?? []) byEvent.set(type, [...(byEvent.get(type) ?? []), key]);
    }
    for (const [type, keys] of byEvent) {
      const sub = nc.subscribe(type, {
        callback: (err, msg) => {
          if (err) return this.disable();
          const subject = subjectOf(msg.string());
          if (subject === undefined) return this.clear();
          for (const key of keys) this.invalidate(key, subject);
        },
      });
      this.subscriptions.push(sub);
    }
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'disconnect' || s.type === 'reconnect') this.clear();
    })().catch(() => undefined);
  }

  /** The key of one request's answer: the route, the user context header and the envelope. */
  static keyOf(routeKey: string, userHeader: string | undefined, envelope: unknown): string {
    return `${routeKey}\n${userHeader ?? ''}\n${JSON.stringify(envelope)}`;
  }

  get(key: string): { value: unknown } | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.stats.misses += 1;
      return undefined;
    }
    if (entry.expires <= Date.now()) {
      this.remove(key, entry);
      this.stats.misses += 1;
      return undefined;
    }
    // Most recently used last: the first key is the one to evict.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.stats.hits += 1;
    return { value: entry.value };
  }

  /** Taken before asking the service; `set` stores only if nothing was invalidated since. */
  mark(): number {
    return this.generation;
  }

  set(key: string, routeKey: string, resourceId: string, value: unknown, mark: number): void {
    if (!this.enabled || mark !== this.generation) return;
    const resource = `${routeKey}\n${resourceId}`;
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    while (this.entries.size >= this.o.max) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      this.remove(oldest, entry);
    }
    this.entries.set(key, { value, expires: Date.now() + this.o.ttlMs, resource });
    let keys = this.byResource.get(resource);
    if (!keys) this.byResource.set(resource, (keys = new Set()));
    keys.add(key);
  }

  invalidate(routeKey: string, resourceId: string): void {
    this.generation += 1;
    this.stats.invalidations += 1;
    const resource = `${routeKey}\n${resourceId}`;
    for (const key of this.byResource.get(resource) ?? []) this.entries.delete(key);
    this.byResource.delete(resource);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.byResource.clear();
  }

  close(): void {
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
    this.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    const keys = this.byResource.get(entry.resource);
    keys?.delete(key);
    if (keys?.size === 0) this.byResource.delete(entry.resource);
  }
}

/** The CloudEvents `subject` of a published event (the resource's id), or undefined if unreadable. */
function subjectOf(payload: string): string | undefined {
  try {
    const subject = (JSON.parse(payload) as { subject?: unknown }).subject;
    return typeof subject === 'string' && subject ? subject : undefined;
  } catch {
    return undefined;
  }
}
