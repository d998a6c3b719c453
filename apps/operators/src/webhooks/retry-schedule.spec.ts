import { DEFAULT_RETRY_SCHEDULE_MS, nextRetryDelay, parseRetryAfter, parseSchedule } from './retry-schedule';

describe('retry schedule', () => {
  const s = DEFAULT_RETRY_SCHEDULE_MS;

  it('follows immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h without jitter at the middle', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => nextRetryDelay(n, s, { random: mid }))).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(nextRetryDelay(8, s, { random: mid })).toBeNull();
    expect(nextRetryDelay(0, s)).toBeNull();
  });

  it('adds at most ±20 % of jitter', () => {
    expect(nextRetryDelay(1, s, { random: () => 0 })).toBe(4_000);
    expect(nextRetryDelay(1, s, { random: () => 0.999999 })).toBe(6_000);
    const seen = new Set(Array.from({ length: 50 }, () => nextRetryDelay(2, s)));
    expect(seen.size).toBeGreaterThan(1);
    for (const d of seen) expect(d! >= 240_000 && d! <= 360_000).toBe(true);
  });

  it('honours a longer Retry-After, capped to 24 h', () => {
    expect(nextRetryDelay(1, s, { random: () => 0.5, retryAfterMs: 60_000 })).toBe(60_000);
    expect(nextRetryDelay(1, s, { random: () => 0.5, retryAfterMs: 1_000 })).toBe(5_000);
    expect(nextRetryDelay(1, [0, 100, 200], { random: () => 0.5, retryAfterMs: 10_000 })).toBe(10_000);
    expect(nextRetryDelay(1, s, { random: () => 0.5, retryAfterMs: 7 * 24 * 3_600_000 })).toBe(24 * 3_600_000);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });

  it('parses a configured schedule', () => {
    expect(parseSchedule('0, 200,400')).toEqual([0, 200, 400]);
    expect(() => parseSchedule('0,-1')).toThrow();
    expect(() => parseSchedule('')).toThrow();
  });
});
