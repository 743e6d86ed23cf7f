/**
 * better-auth's rate-limit storage, one per accounts instance. Its built-in memory store is a
 * module-wide map (every instance in a process shares it); this one is the instance's own and
 * counts both sign-in routes (by e-mail, by username) in one bucket per address, so switching
 * route does not double an attacker's attempts.
 */
import type { BetterAuthOptions } from 'better-auth';

type Storage = NonNullable<NonNullable<BetterAuthOptions['rateLimit']>['customStorage']>;

/** better-auth keys are `${ip}|${path}`. */
function bucketOf(key: string): string {
  const bar = key.lastIndexOf('|');
  const path = bar < 0 ? key : key.slice(bar + 1);
  return path.startsWith('/sign-in/') ? `${key.slice(0, bar)}|/sign-in` : key;
}

const MAX_BUCKETS = 100_000;

/** Fixed windows: a bucket counts from its first request until `window` seconds later. */
export function memoryRateLimitStorage(now: () => number = Date.now): Storage {
  const buckets = new Map<string, { count: number; until: number }>();
  return {
    async consume(key, rule) {
      const t = now();
      if (buckets.size > MAX_BUCKETS) for (const [k, b] of buckets) if (b.until <= t) buckets.delete(k);
      const id = bucketOf(key);
      const b = buckets.get(id);
      if (!b || b.until <= t) {
        buckets.set(id, { count: 1, until: t + rule.window * 1000 });
        return { allowed: true, retryAfter: null };
      }
      if (b.count >= rule.max) return { allowed: false, retryAfter: Math.max(1, Math.ceil((b.until - t) / 1000)) };
      b.count += 1;
      return { allowed: true, retryAfter: null };
    },
  };
}
