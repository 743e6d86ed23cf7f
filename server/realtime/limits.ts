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
  private lastSweep = -Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly maxAttempts: number,
    private readonly failureWeight = 5,
    /** Keys remembered at most: past it, idle keys are forgotten, then the oldest (their count starts again). */
    private readonly maxKeys = 10_000,
  ) {}

  /** False when the key is over its budget; the attempt is not counted then. */
  allow(key: string): boolean {
    if (this.recent(key).length >= this.maxAttempts) return false;
    this.listOf(key).push(this.clock.now());
    return true;
  }

  /** Whether the key is over its budget, counting nothing (and remembering nothing new). */
  blocked(key: string): boolean {
    return this.recent(key).length >= this.maxAttempts;
  }

  /** Counts one attempt whatever the budget (a failure found after the fact). */
  charge(key: string): void {
    this.recent(key);
    this.listOf(key).push(this.clock.now());
  }

  /** Charges a failed attempt (the one allow() counted, plus failureWeight - 1 more). */
  fail(key: string): void {
    this.recent(key);
    const list = this.listOf(key);
    const now = this.clock.now();
    for (let i = 1; i < this.failureWeight; i++) list.push(now);
  }

  /** Keys remembered now (bounded by maxKeys). */
  get size(): number {
    return this.hits.size;
  }

  /** The key's attempts within the window (an empty list, not stored, for a key not seen). */
  private recent(key: string): readonly number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    const since = this.clock.now() - this.windowMs;
    while (list.length && list[0] <= since) list.shift();
    return list;
  }

  private listOf(key: string): number[] {
    let list = this.hits.get(key);
    if (!list) {
      this.bound();
      list = [];
      this.hits.set(key, list);
    }
    return list;
  }

  /**
   * Before a new key: past maxKeys, forget idle keys (at most once a second, so a
   * flood of new keys cannot make every call walk the map), then the oldest ones.
   */
  private bound(): void {
    if (this.hits.size < this.maxKeys) return;
    const now = this.clock.now();
    if (now - this.lastSweep >= 1000) {
      this.lastSweep = now;
      const since = now - this.windowMs;
      for (const [k, v] of this.hits) if (!v.length || v[v.length - 1] <= since) this.hits.delete(k);
    }
    for (const k of this.hits.keys()) {
      if (this.hits.size < this.maxKeys) break;
      this.hits.delete(k);
    }
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
