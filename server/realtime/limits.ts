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
 * Attempts per key (a network address, or a room and token) in a sliding window.
 * For addresses: create, join and watch, and unknown codes counting extra, so
 * guessing codes is slow while a whole class behind one school address can still
 * join at once. Resuming with a valid token is never counted (see handlers.ts).
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

  /** Whether the key is over its budget, counting nothing. */
  blocked(key: string): boolean {
    return this.prune(key).length >= this.maxAttempts;
  }

  /** Counts one attempt whatever the budget (a failure found after the fact). */
  charge(key: string): void {
    this.prune(key).push(this.clock.now());
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

/**
 * What one network address may hold at once: open sockets (a cap), and one
 * message bucket shared by all of them, so opening more sockets buys no more
 * throughput. A school behind one NAT address is one address: the defaults fit a
 * few classes (see DEFAULT_LIMITS in socket.ts).
 */
export class AddressBudget {
  private readonly open = new Map<string, { sockets: number; bucket: TokenBucket }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxSockets: number,
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  /** A socket from `address` wants in: false (nothing counted) when the address holds maxSockets already. */
  connect(address: string): boolean {
    const entry = this.open.get(address);
    if (entry && entry.sockets >= this.maxSockets) return false;
    if (entry) entry.sockets++;
    else this.open.set(address, { sockets: 1, bucket: new TokenBucket(this.clock, this.rate, this.burst) });
    return true;
  }

  disconnect(address: string): void {
    const entry = this.open.get(address);
    if (!entry) return;
    // The bucket goes with the last socket: an address with nothing open costs no memory.
    if (--entry.sockets <= 0) this.open.delete(address);
  }

  /** One message from `address` (after its socket's own bucket let it through). */
  take(address: string): boolean {
    return this.open.get(address)?.bucket.take() ?? false;
  }

  sockets(address: string): number {
    return this.open.get(address)?.sockets ?? 0;
  }
}
