import { API_ROUTES, type RouteDef } from '@pin/contracts';
import { AnswerCache } from './answer-cache';
import { writesOnCachedPaths } from './route-forwarder';

describe('AnswerCache', () => {
  const key = (user: string, id: string) => AnswerCache.keyOf('structureGet', user, { params: { id }, query: {} });

  it('serves an answer to the same request only: another user or another id is another entry', () => {
    const cache = new AnswerCache({ max: 10, ttlMs: 60_000 });
    cache.set(key('u1', 'a'), 'structureGet', 'a', { nom: 'A' }, cache.mark());
    expect(cache.get(key('u1', 'a'))).toEqual({ value: { nom: 'A' } });
    expect(cache.get(key('u2', 'a'))).toBeUndefined();
    expect(cache.get(key('u1', 'b'))).toBeUndefined();
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2 });
  });

  it('drops every answer about a resource when it is invalidated, and only those', () => {
    const cache = new AnswerCache({ max: 10, ttlMs: 60_000 });
    for (const user of ['u1', 'u2']) cache.set(key(user, 'a'), 'structureGet', 'a', 'A', cache.mark());
    cache.set(key('u1', 'b'), 'structureGet', 'b', 'B', cache.mark());
    cache.invalidate('structureGet', 'a');
    expect(cache.get(key('u1', 'a'))).toBeUndefined();
    expect(cache.get(key('u2', 'a'))).toBeUndefined();
    expect(cache.get(key('u1', 'b'))).toEqual({ value: 'B' });
    expect(cache.size).toBe(1);
  });

  it('does not store an answer fetched while an invalidation arrived (it may predate the change)', () => {
    const cache = new AnswerCache({ max: 10, ttlMs: 60_000 });
    const mark = cache.mark();
    cache.invalidate('structureGet', 'a');
    cache.set(key('u1', 'a'), 'structureGet', 'a', 'old', mark);
    expect(cache.get(key('u1', 'a'))).toBeUndefined();
    const cleared = cache.mark();
    cache.clear();
    cache.set(key('u1', 'a'), 'structureGet', 'a', 'old', cleared);
    expect(cache.size).toBe(0);
  });

  it('never serves an entry older than its time to live', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const cache = new AnswerCache({ max: 10, ttlMs: 5_000 });
      cache.set(key('u1', 'a'), 'structureGet', 'a', 'A', cache.mark());
      jest.setSystemTime(1_004_999);
      expect(cache.get(key('u1', 'a'))).toEqual({ value: 'A' });
      jest.setSystemTime(1_005_000);
      expect(cache.get(key('u1', 'a'))).toBeUndefined();
      expect(cache.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('evicts the least recently used entry beyond its size, and keeps nothing when disabled', () => {
    const cache = new AnswerCache({ max: 2, ttlMs: 60_000 });
    cache.set(key('u1', 'a'), 'structureGet', 'a', 'A', cache.mark());
    cache.set(key('u1', 'b'), 'structureGet', 'b', 'B', cache.mark());
    cache.get(key('u1', 'a'));
    cache.set(key('u1', 'c'), 'structureGet', 'c', 'C', cache.mark());
    expect(cache.get(key('u1', 'b'))).toBeUndefined();
    expect(cache.get(key('u1', 'a'))).toEqual({ value: 'A' });
    expect(cache.get(key('u1', 'c'))).toEqual({ value: 'C' });
    // Invalidating an evicted resource is harmless.
    cache.invalidate('structureGet', 'b');
    expect(cache.size).toBe(2);

    // An invalidating subscription that fails (NATS permissions): nothing is served or kept any more.
    cache.disable();
    expect(cache.enabled).toBe(false);
    expect(cache.get(key('u1', 'a'))).toBeUndefined();
    cache.set(key('u1', 'a'), 'structureGet', 'a', 'A', cache.mark());
    expect(cache.size).toBe(0);

    const off = new AnswerCache({ max: 0, ttlMs: 60_000 });
    expect(off.enabled).toBe(false);
    off.set(key('u1', 'a'), 'structureGet', 'a', 'A', off.mark());
    expect(off.size).toBe(0);
  });
});

describe('writes that invalidate cached routes at once', () => {
  it('a write on the path of a cached GET route drops its answers (PATCH /structures/:id → structureGet)', () => {
    const map = writesOnCachedPaths(API_ROUTES);
    expect(map.get('structureUpdate')).toEqual([{ key: 'structureGet', param: 'id' }]);
    // Only GET routes are cached, and every cached route names a path parameter it can be invalidated by.
    for (const [key, route] of Object.entries(API_ROUTES) as Array<[string, RouteDef]>) {
      if (!route.cache) continue;
      expect([key, route.method]).toEqual([key, 'GET']);
      expect(route.path).toContain(`:${route.cache.param}`);
    }
  });
});
