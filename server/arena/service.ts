/**
 * The arena (README "Arena"): takes balancer submissions, evaluates them one set at a time on
 * the hidden suite in its own bounded worker pool, and keeps the board. The pool is separate
 * from the one that verifies the rooms' runs, has one worker and a capped queue, so however
 * many policies wait and however slow they are, the game rooms never wait behind them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BOT_NAMES, type BotName } from '../engine';
import { SimulationBusyError, SimulationPool, SimulationTimeoutError, type Simulator } from '../sim';
import type { ArenaListing, ArenaSetResult, ArenaSubmissionRecord, ArenaTotals } from '../db/arena-types';
import type { Repositories } from '../db/types';
import type { ArenaReplay, Contender } from './evaluate';
import { rankArena } from './score';
import { setCount, suiteFromEnv, suiteKey, suiteSets, type SuiteParams, type SuiteSet } from './suite';

export interface ArenaOptions {
  /** The suite (default: suiteFromEnv(): the published v1 unless resized by env for tests). */
  suite?: SuiteParams;
  /** The seeds' secret (default: ARENA_SECRET, else the one stored in the database, made on first use). */
  secret?: string;
  /** Where sets are evaluated (default: a pool of its own, one worker). Tests may pass an inline one. */
  simulator?: Simulator;
  /** User submissions waiting (queued or evaluating) at once; past it, `ArenaBusyError` (default 20). */
  maxQueued?: number;
  /** Wall budget per set, in ms (default 120 s: a sandboxed policy takes ~1.5 ms a tick on a busy 2-core machine). */
  setTimeoutMs?: number;
  /** Heap cap of the arena's worker, in MB (default 256). */
  memoryMb?: number;
  /** The built-in bots on the board (default: every one). */
  bots?: readonly BotName[];
  onError?: (msg: string, data: Record<string, unknown>) => void;
}

export class ArenaBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`the arena's queue is full; try again in ${retryAfterSeconds} s`);
    this.name = 'ArenaBusyError';
  }
}

export const DEFAULT_MAX_QUEUED = 20;

// The compiler and QuickJS load on first use: a server whose arena gets no submissions never loads them.
const sandbox = () => import('../sandbox');
/** The name a submission's code goes by in the sandbox's messages. */
const FILENAME = 'policy.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const botHash = (bot: string) => sha256(`bot:${bot}`);

export class Arena {
  /** Entries to evaluate, in order; the first is the one being evaluated. */
  private readonly queue: string[] = [];
  /** The built-in bots' entries (not counted against the cap on waiting submissions). */
  private readonly botIds = new Set<string>();
  private running: Promise<void> | null = null;
  private closed = false;
  readonly sets: SuiteSet[];
  readonly key: string;

  private constructor(
    private readonly repos: Pick<Repositories, 'arena'>,
    readonly suite: SuiteParams,
    private readonly secret: string,
    private readonly simulator: Simulator,
    private readonly ownsSimulator: boolean,
    readonly maxQueued: number,
    private readonly onError: NonNullable<ArenaOptions['onError']>,
  ) {
    this.sets = suiteSets(suite, secret);
    this.key = suiteKey(suite);
  }

  /** Opens the arena: the built-in bots are entered (once per suite version), unfinished evaluations queued again. */
  static async open(repos: Pick<Repositories, 'arena'>, options: ArenaOptions = {}): Promise<Arena> {
    const suite = options.suite ?? suiteFromEnv();
    const secret = options.secret ?? (process.env.ARENA_SECRET || (await repos.arena.secret(randomBytes(32).toString('hex'))));
    const setTimeoutMs = options.setTimeoutMs ?? 120_000;
    const simulator = options.simulator ?? new SimulationPool({ workers: 1, maxQueue: 4, timeBudgetMs: setTimeoutMs, memoryMb: options.memoryMb ?? 256 });
    const arena = new Arena(repos, suite, secret, simulator, !options.simulator, options.maxQueued ?? DEFAULT_MAX_QUEUED, options.onError ?? (() => {}));
    for (const bot of options.bots ?? BOT_NAMES) {
      const { submission } = await repos.arena.create({ name: bot, description: `The built-in bot ${bot}.`, code: '', codeHash: botHash(bot), bot, addressHash: 'builtin', suiteVersion: arena.key });
      arena.botIds.add(submission.id);
    }
    const unfinished = (await repos.arena.list(arena.key)).filter((e) => e.status === 'queued' || e.status === 'evaluating');
    // Bots first: the board is worth little without them.
    unfinished.sort((a, b) => Number(a.bot === null) - Number(b.bot === null));
    for (const e of unfinished) arena.enqueue(e.id);
    return arena;
  }

  /** The salted hash of an address: stored instead of the address. */
  addressHash(address: string): string {
    return sha256(`${this.secret}:address:${address}`);
  }

  /** User entries waiting or being evaluated now. */
  waiting(): number {
    return this.queue.filter((id) => !this.botIds.has(id)).length;
  }

  /**
   * Checks the code in the sandbox (a LoadError, typed, when it cannot be a policy: nothing
   * stored), then stores it queued, or answers the entry of the same code.
   */
  async submit(input: { name: string; description: string; code: string; address: string }): Promise<{ submission: ArenaSubmissionRecord; created: boolean }> {
    const codeHash = sha256(input.code);
    const known = (await this.repos.arena.list(this.key)).find((e) => e.codeHash === codeHash && e.bot === null);
    if (known) return { submission: (await this.repos.arena.get(known.id))!, created: false };
    if (this.waiting() >= this.maxQueued) throw new ArenaBusyError(60);
    // Compiled here (the compiler runs no user code: syntax and imports are refused at once);
    // the module's top level then runs once on the arena's worker, never on this thread.
    const sb = await sandbox();
    const compiled = sb.compilePolicy(input.code, FILENAME);
    let check;
    try {
      check = await this.simulator.run({ kind: 'arena-check', input: compiled }, { refuseWhenBusy: true });
    } catch (e) {
      if (e instanceof SimulationBusyError) throw new ArenaBusyError(e.retryAfterSeconds);
      throw e;
    }
    if (!check.ok) throw new sb.LoadError(check.kind, check.message, FILENAME);
    const out = await this.repos.arena.create({
      name: input.name, description: input.description, code: input.code, codeHash, bot: null, addressHash: this.addressHash(input.address), suiteVersion: this.key,
    });
    if (out.created) this.enqueue(out.submission.id);
    return out;
  }

  /** Every entry of the suite: ranked ones in score order first, then the rest oldest first. */
  async board(): Promise<(ArenaListing & { rank: number | null })[]> {
    const all = await this.repos.arena.list(this.key);
    const ranked = rankArena(all.filter((e): e is ArenaListing & { totals: ArenaTotals } => e.status === 'ranked' && e.totals !== null));
    const rest = all.filter((e) => !(e.status === 'ranked' && e.totals !== null)).map((e) => ({ ...e, rank: null }));
    return [...ranked, ...rest];
  }

  async entry(id: string): Promise<{ submission: ArenaSubmissionRecord; results: ArenaSetResult[]; rank: number | null } | null> {
    const submission = await this.repos.arena.get(id);
    if (!submission || submission.suiteVersion !== this.key) return null;
    const rank = (await this.board()).find((e) => e.id === id)?.rank ?? null;
    return { submission, results: await this.repos.arena.results(id), rank };
  }

  /** One set re-simulated with the entry's balancer, on the arena's pool (null: no such entry or set). */
  async replay(id: string, setIndex: number): Promise<{ submission: ArenaSubmissionRecord; replay: ArenaReplay } | null> {
    const submission = await this.repos.arena.get(id);
    const set = this.sets[setIndex];
    if (!submission || submission.suiteVersion !== this.key || !set) return null;
    const replay = await this.simulator.run({ kind: 'arena-replay', input: { setIndex, set: set.set, contender: await this.contender(submission) } }, { refuseWhenBusy: true });
    return { submission, replay };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    if (this.ownsSimulator) await this.simulator.close();
    await this.running?.catch(() => {});
  }

  /** Resolves when nothing is queued or being evaluated (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private enqueue(id: string): void {
    if (this.queue.includes(id)) return;
    this.queue.push(id);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  private async drain(): Promise<void> {
    while (!this.closed && this.queue.length > 0) {
      const id = this.queue[0];
      try {
        await this.evaluate(id);
      } catch (e) {
        this.onError('arena evaluation failed', { id, error: String(e) });
      }
      this.queue.shift();
    }
  }

  private async contender(s: ArenaSubmissionRecord): Promise<Contender> {
    if (s.bot !== null) return { bot: s.bot as BotName };
    return { compiled: (await sandbox()).compilePolicy(s.code, FILENAME) };
  }

  private async evaluate(id: string): Promise<void> {
    const s = await this.repos.arena.get(id);
    if (!s) return;
    await this.repos.arena.startEvaluation(id);
    let contender: Contender;
    try {
      contender = await this.contender(s);
    } catch (e) {
      await this.repos.arena.finish(id, { status: 'refused', totals: null, fault: { kind: 'load', message: (e as Error).message }, at: new Date() });
      return;
    }
    const totals: ArenaTotals = { missed: 0, wasted: 0, stranded: 0, migrations: 0, score: 0 };
    let fault: { kind: string; message: string } | null = null;
    for (const set of this.sets) {
      if (this.closed) return;
      let r: ArenaSetResult;
      try {
        r = await this.simulator.run({ kind: 'arena-eval', input: { setIndex: set.index, set: set.set, contender } });
      } catch (e) {
        if (this.closed) return;
        // The set could not finish (over the time budget, out of memory): the entry cannot be ranked.
        const kind = e instanceof SimulationTimeoutError ? 'timeout' : 'failed';
        await this.repos.arena.finish(id, { status: 'refused', totals: null, fault: { kind, message: `set ${set.index + 1}: ${(e as Error).message}` }, at: new Date() });
        return;
      }
      await this.repos.arena.saveResult(id, r);
      for (const k of ['missed', 'wasted', 'stranded', 'migrations', 'score'] as const) totals[k] += r[k];
      if (r.fault && !fault) fault = { kind: r.fault.kind, message: `set ${set.index + 1}, tick ${r.fault.tick}: ${r.fault.message}` };
    }
    await this.repos.arena.finish(id, { status: fault ? 'faulted' : 'ranked', totals, fault, at: new Date() });
  }
}

export { setCount };
