import type { Clock } from '../rooms';

/**
 * Token bucket: `rate` messages per second on average, bursts up to `burst`.
 * One per socket; a message that finds the bucket empty is refused unread.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly clock: Clock, private readonly rate: number, private readonly burst: number) {
    this.tokens = burst;
    this.last = clock.now();
  }

  take(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Join attempts (join, watch, resume) per network address in a sliding window.
 * Failures (unknown code, bad token) count extra, so guessing codes is slow while
 * a whole class behind one school address can still join at once.
 */
export class AttemptLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly clock: Clock, private readonly windowMs: number, private readonly maxAttempts: number, private readonly failureWeight = 5) {}

  /** False when the address is over its budget; the attempt is not counted then. */
  allow(address: string): boolean {
    const list = this.prune(address);
    if (list.length >= this.maxAttempts) return false;
    list.push(this.clock.now());
    return true;
  }

  /** Charges a failed attempt (the one allow() counted, plus failureWeight - 1 more). */
  fail(address: string): void {
    const list = this.prune(address);
    const now = this.clock.now();
    for (let i = 1; i < this.failureWeight; i++) list.push(now);
  }

  private prune(address: string): number[] {
    const since = this.clock.now() - this.windowMs;
    let list = this.hits.get(address);
    if (!list) {
      list = [];
      this.hits.set(address, list);
    }
    while (list.length && list[0] <= since) list.shift();
    if (this.hits.size > 10_000) {
      // Forget idle addresses so the map cannot grow without bound.
      for (const [k, v] of this.hits) if (!v.length || v[v.length - 1] <= since) this.hits.delete(k);
    }
    return list;
  }
}
