/**
 * Simulations off the event loop: a small pool of worker threads running jobs (jobs.ts)
 * one at a time each, behind a queue. Verification of finished and submitted runs and
 * the replay of checkpoints at boot go through it, so however long a simulation takes,
 * the rooms keep ticking and requests keep being answered.
 *
 * - Bounded queue: a job that may be refused (an HTTP submission) is refused with
 *   SimulationBusyError when `maxQueue` jobs already wait; the rooms' own jobs (finished
 *   runs, checkpoint replays) always wait their turn (there are at most a few per room).
 * - Time budget: a job still running after `timeBudgetMs` fails with
 *   SimulationTimeoutError; its worker is terminated and replaced.
 * - Memory: each worker's heap is capped (`memoryMb`); a job that exceeds it fails
 *   with SimulationFailedError and the server carries on (the worker is replaced).
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { runJob, type Job, type JobKind, type JobOutput } from './jobs';
import type { JobReply, JobRequest, ReadyMessage } from './worker';

export class SimulationBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`the server's simulation queue is full; try again in ${retryAfterSeconds} s`);
    this.name = 'SimulationBusyError';
  }
}

export class SimulationTimeoutError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the simulation took longer than its time budget (${budgetMs} ms)`);
    this.name = 'SimulationTimeoutError';
  }
}

export class SimulationFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationFailedError';
  }
}

export interface RunOptions {
  /** Refuse (SimulationBusyError) rather than wait when the queue is full; default: wait. */
  refuseWhenBusy?: boolean;
  /** This job's time budget in ms, instead of the pool's (user code gets less than a verification). */
  timeBudgetMs?: number;
}

export interface SimulatorStats {
  /** Jobs started, per kind (a co-op log is verified once: tests count these). */
  started: Record<JobKind, number>;
  completed: number;
  failed: number;
  timedOut: number;
  refused: number;
  /** Waiting now, and running now. */
  queued: number;
  running: number;
}

/** Runs simulation jobs somewhere: a worker pool in the server, inline in tests and tools. */
export interface Simulator {
  run<K extends JobKind>(job: Extract<Job, { kind: K }>, options?: RunOptions): Promise<JobOutput[K]>;
  stats(): SimulatorStats;
  close(): Promise<void>;
}

function emptyStats(): SimulatorStats {
  return { started: { verify: 0, replay: 0, 'arena-check': 0, 'arena-eval': 0, 'arena-replay': 0, 'policy-run': 0, 'lab-policy': 0, baselines: 0 }, completed: 0, failed: 0, timedOut: 0, refused: 0, queued: 0, running: 0 };
}

/**
 * The same jobs on the calling thread: for tests, tools and callers that run no rooms.
 * The server uses the pool (a long job here would block the event loop).
 */
export function inlineSimulator(): Simulator {
  const stats = emptyStats();
  return {
    async run(job) {
      stats.started[job.kind]++;
      let out: ReturnType<typeof runJob>;
      try {
        // Called now, as before: the engine's jobs finish before run() returns.
        out = runJob(job);
      } catch (e) {
        out = Promise.reject(e);
      }
      return Promise.resolve(out).then(
        (out) => {
          stats.completed++;
          return out;
        },
        (e: unknown) => {
          stats.failed++;
          throw new SimulationFailedError(e instanceof Error ? e.message : String(e));
        },
      );
    },
    stats: () => ({ ...stats, started: { ...stats.started } }),
    close: () => Promise.resolve(),
  } as Simulator;
}

export interface PoolOptions {
  /** Worker threads (default: the cores but one, at least 1, at most 4). */
  workers?: number;
  /** Jobs that may wait before refusable ones are refused (default 64). */
  maxQueue?: number;
  /** Per job, in wall milliseconds (default 30 s: a scenario at the size budget takes 1 to 5 s). */
  timeBudgetMs?: number;
  /** Per worker heap, in MB (default 512). */
  memoryMb?: number;
}

interface Pending {
  job: Job;
  timeBudgetMs: number;
  resolve(out: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  /** Resolves once the worker has loaded (its ReadyMessage), or has died trying. */
  ready: Promise<void>;
  current: { id: number; pending: Pending; timer: NodeJS.Timeout; startedAt: number } | null;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

export class SimulationPool implements Simulator {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly counts = emptyStats();
  private readonly workers: number;
  private readonly maxQueue: number;
  private readonly timeBudgetMs: number;
  private readonly memoryMb: number;
  private seq = 0;
  private closed = false;
  /** Recent job durations (ms), for a Retry-After that means something. */
  private averageMs = 1000;

  constructor(options: PoolOptions = {}) {
    this.workers = Math.max(1, options.workers ?? defaultWorkers());
    this.maxQueue = Math.max(0, options.maxQueue ?? 64);
    this.timeBudgetMs = options.timeBudgetMs ?? 30_000;
    this.memoryMb = options.memoryMb ?? 512;
  }

  run<K extends JobKind>(job: Extract<Job, { kind: K }>, options: RunOptions = {}): Promise<JobOutput[K]> {
    if (this.closed) return Promise.reject(new SimulationFailedError('the simulation pool is closed'));
    const idle = this.slots.length < this.workers || this.slots.some((s) => s.current === null);
    if (options.refuseWhenBusy && this.queue.length >= this.maxQueue && !(idle && this.queue.length === 0)) {
      this.counts.refused++;
      const seconds = Math.max(1, Math.ceil(((this.queue.length + 1) * this.averageMs) / this.workers / 1000));
      return Promise.reject(new SimulationBusyError(seconds));
    }
    return new Promise<JobOutput[K]>((resolve, reject) => {
      this.queue.push({ job, timeBudgetMs: options.timeBudgetMs ?? this.timeBudgetMs, resolve: resolve as (out: unknown) => void, reject });
      this.pump();
    });
  }

  /**
   * Starts every worker now (loading one takes a second or two), so the first job does not
   * wait for it; resolves when they have loaded.
   */
  async warm(): Promise<void> {
    while (!this.closed && this.slots.length < this.workers) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  stats(): SimulatorStats {
    return {
      ...this.counts,
      started: { ...this.counts.started },
      queued: this.queue.length,
      running: this.slots.filter((s) => s.current).length,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new SimulationFailedError('the simulation pool is closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.current) {
        clearTimeout(s.current.timer);
        s.current.pending.reject(new SimulationFailedError('the simulation pool is closed'));
        s.current = null;
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.current === null);
      if (!slot) {
        if (this.slots.length >= this.workers) return;
        slot = this.spawn();
      }
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY, {
      // Nothing inherited: worker-entry.mjs registers the one loader it needs.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
    });
    // An idle pool must not keep the process alive (tests, shutdown).
    worker.unref();
    let loaded = () => {};
    const ready = new Promise<void>((resolve) => (loaded = resolve));
    const slot: Slot = { worker, current: null, ready };
    worker.on('message', (msg: JobReply | ReadyMessage) => ('ready' in msg ? loaded() : this.settle(slot, msg)));
    worker.once('exit', () => loaded());
    worker.on('error', (e) => this.lose(slot, new SimulationFailedError(`the simulation failed: ${e.message}`)));
    worker.on('exit', (code) => this.lose(slot, new SimulationFailedError(`the simulation worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, pending: Pending): void {
    const id = ++this.seq;
    this.counts.started[pending.job.kind]++;
    const timer = setTimeout(() => this.timeOut(slot), pending.timeBudgetMs);
    timer.unref();
    slot.current = { id, pending, timer, startedAt: performance.now() };
    slot.worker.postMessage({ id, job: pending.job } satisfies JobRequest);
  }

  private settle(slot: Slot, reply: JobReply): void {
    const cur = slot.current;
    if (!cur || cur.id !== reply.id) return;
    clearTimeout(cur.timer);
    slot.current = null;
    this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - cur.startedAt);
    if (reply.ok) {
      this.counts.completed++;
      cur.pending.resolve(reply.output);
    } else {
      this.counts.failed++;
      cur.pending.reject(new SimulationFailedError(reply.error));
    }
    this.pump();
  }

  private timeOut(slot: Slot): void {
    const cur = slot.current;
    if (!cur) return;
    slot.current = null;
    this.counts.timedOut++;
    this.drop(slot);
    void slot.worker.terminate();
    cur.pending.reject(new SimulationTimeoutError(cur.pending.timeBudgetMs));
    this.pump();
  }

  /** The worker died (out of memory, a crash): its job fails, a fresh worker takes the next. */
  private lose(slot: Slot, error: Error): void {
    if (!this.drop(slot)) return;
    const cur = slot.current;
    slot.current = null;
    if (cur) {
      clearTimeout(cur.timer);
      this.counts.failed++;
      cur.pending.reject(error);
    }
    this.pump();
  }

  private drop(slot: Slot): boolean {
    const i = this.slots.indexOf(slot);
    if (i < 0) return false;
    this.slots.splice(i, 1);
    return true;
  }
}
