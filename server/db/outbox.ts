/**
 * A write-ahead outbox for what must reach the database even through a storage failure: the
 * rooms' finished runs, and the fact that a room is over.
 *
 * Each entry is first kept on disk (one JSON file, written to a temporary name, fsynced,
 * renamed, directory fsynced), then written to the database; its file is removed only once
 * the write succeeded. A failed write is retried with a growing delay (one storage, one
 * backoff), so nothing finished is lost while the database is full, locked or gone, and the
 * entries a stopped process left are written at its next start (`load`, then `flush`).
 * Writes are idempotent per entry key (the run's idempotency key, see NewRun), so a retry
 * after a write that timed out but committed stores nothing twice.
 *
 * If the disk itself refuses the file (it is full too), the entry is kept in memory and the
 * file retried on each pass: the database write is still attempted, and the error is logged.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BOT_NAMES, type Action, type MetricsSummary, type ScenarioInput } from '../engine';
import type { StorageReason } from '../protocol';
import { systemClock, type Clock } from '../rooms/clock';
import type { FinishedRun, RunWrite } from '../rooms/ports';
import type { Logger } from '../rooms/room';
import { StorageError, StorageTimeoutError } from './types';

export type OutboxEntry =
  | { kind: 'run'; key: string; run: FinishedRun }
  /** The room's round is over: its checkpoint goes and its row says ended (never resumed). */
  | { kind: 'room-ended'; key: string; roomCode: string };

/** Where entries are kept between the write-ahead and the database write. */
export interface OutboxFiles {
  /** Writes (or replaces) one file atomically and durably. */
  write(name: string, text: string): Promise<void>;
  remove(name: string): Promise<void>;
  /** Every entry file, oldest write first. */
  list(): Promise<{ name: string; text: string }[]>;
  /** Sets a file that cannot be used aside (renamed `*.failed`), never deleting it. */
  setAside(name: string): Promise<void>;
}

const SUFFIX = '.json';

async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The outbox as a directory: one `<hash>.json` per entry. */
export function directoryFiles(dir: string): OutboxFiles {
  return {
    async write(name, text) {
      await fsp.mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.${name}.${randomUUID().slice(0, 8)}.tmp`);
      try {
        const fh = await fsp.open(tmp, 'w');
        try {
          await fh.writeFile(text);
          await fh.sync();
        } finally {
          await fh.close();
        }
        await fsp.rename(tmp, path.join(dir, name));
      } catch (e) {
        await fsp.rm(tmp, { force: true }).catch(() => undefined);
        throw e;
      }
      // The rename is durable only once the directory is.
      await syncDir(dir);
    },
    async remove(name) {
      await fsp.rm(path.join(dir, name), { force: true });
    },
    async list() {
      let names: string[];
      try {
        names = await fsp.readdir(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
      const out: { name: string; text: string; at: number }[] = [];
      for (const name of names) {
        const file = path.join(dir, name);
        // A temporary file is a write that never finished (its entry was retried or is in a later file).
        if (name.startsWith('.') && name.endsWith('.tmp')) {
          await fsp.rm(file, { force: true });
          continue;
        }
        if (!name.endsWith(SUFFIX)) continue;
        const [text, stat] = await Promise.all([fsp.readFile(file, 'utf8'), fsp.stat(file)]);
        out.push({ name, text, at: stat.mtimeMs });
      }
      return out.sort((a, b) => a.at - b.at || (a.name < b.name ? -1 : 1)).map(({ name, text }) => ({ name, text }));
    },
    async setAside(name) {
      await fsp.rename(path.join(dir, name), path.join(dir, `${name}.failed`));
    },
  };
}

/**
 * An entry file as written by `encode`. Only the envelope is checked here: the run's scenario
 * and action log are checked again where they are stored (the scenario file is validated and
 * the log re-simulated before anything is kept in the database).
 */
const runSchema = z.object({
  key: z.string().min(1),
  kind: z.enum(['race', 'coop']),
  scenarioSlug: z.string(),
  scenario: z.looseObject({}),
  seed: z.number().int(),
  bot: z.enum(BOT_NAMES),
  actions: z.array(z.looseObject({})),
  ticks: z.number().int().min(0),
  complete: z.boolean(),
  finalHash: z.string(),
  score: z.number(),
  metrics: z.looseObject({}),
  roomCode: z.string().optional(),
  playerNick: z.string().optional(),
  playerId: z.string().optional(),
  round: z.number().int().min(1).optional(),
  removed: z.boolean().optional(),
  players: z.array(z.object({ nick: z.string(), seatId: z.string(), tokenHash: z.string(), removed: z.boolean() })).optional(),
  tokenHash: z.string().optional(),
  endedAt: z.iso.datetime().transform((s) => new Date(s)),
});
const fileSchema = z.discriminatedUnion('kind', [
  z.object({ format: z.literal(1), kind: z.literal('run'), key: z.string().min(1), run: runSchema }),
  z.object({ format: z.literal(1), kind: z.literal('room-ended'), key: z.string().min(1), roomCode: z.string().min(1) }),
]);

export function encodeEntry(e: OutboxEntry): string {
  return JSON.stringify({ format: 1, ...e });
}

export function decodeEntry(text: string): OutboxEntry {
  const f = fileSchema.parse(JSON.parse(text));
  if (f.kind === 'room-ended') return { kind: f.kind, key: f.key, roomCode: f.roomCode };
  const { scenario, actions, metrics, ...rest } = f.run;
  // The envelope is checked above; these three are validated again on their way to the database.
  return { kind: 'run', key: f.key, run: { ...rest, scenario: scenario as unknown as ScenarioInput, actions: actions as unknown as Action[], metrics: metrics as unknown as MetricsSummary } };
}

/** The entry's file name: a hash of its key, so one entry is always one file. */
export function entryFileName(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40) + SUFFIX;
}

export function storageReasonOf(e: unknown): StorageReason {
  return e instanceof StorageTimeoutError ? 'storage/timeout' : 'storage/failed';
}

export interface OutboxOptions {
  files: OutboxFiles;
  /** Writes one entry to the database; must be idempotent per entry key. */
  write: (entry: OutboxEntry) => Promise<void>;
  logger: Logger;
  clock?: Clock;
  /** Delay before the first retry after a failure (default 1 s); doubles on each failed pass... */
  retryMs?: number;
  /** ...up to this (default 30 s). */
  maxRetryMs?: number;
  /**
   * A write that fails for another reason than the storage (the entry itself is wrong: a
   * scenario that no longer validates) is tried this many times, then its file is set aside
   * (`*.failed`, kept for a person to look at) so it cannot hold the others back. Default 5.
   */
  maxEntryFailures?: number;
}

interface Pending {
  entry: OutboxEntry;
  name: string;
  onDisk: boolean;
  /** Failed database writes so far. */
  failures: number;
  /** Failures that were not the storage's (see maxEntryFailures). */
  entryFailures: number;
  /** Whether its reports heard 'kept' (each once). */
  toldKept: boolean;
  /** The disk write in progress, if any. */
  keeping?: Promise<void>;
  reports: ((w: RunWrite) => void)[];
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

/** Thrown to whoever waits on an entry still pending when the outbox closes: it stays on disk for the next start. */
export class OutboxClosedError extends Error {
  constructor(key: string, onDisk: boolean) {
    super(onDisk ? `not written to the database before shutdown; kept on disk for the next start (${key})` : `not written to the database before shutdown and not kept on disk: lost (${key})`);
    this.name = 'OutboxClosedError';
  }
}

export class Outbox {
  private readonly pending = new Map<string, Pending>();
  private readonly clock: Clock;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly maxEntryFailures: number;
  private delay: number;
  private cancelTimer: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** The last failed write, while the storage is failing (cleared by a successful write). */
  private lastFailure: { reason: StorageReason; error: string } | null = null;

  constructor(private readonly options: OutboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.retryMs = options.retryMs ?? 1000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.maxEntryFailures = options.maxEntryFailures ?? 5;
    this.delay = this.retryMs;
  }

  /** Entries not written to the database yet. */
  get size(): number {
    return this.pending.size;
  }

  /** Rooms whose end is not written yet: their stored checkpoint is stale, they must not be resumed. */
  endedRooms(): Set<string> {
    const out = new Set<string>();
    for (const p of this.pending.values()) if (p.entry.kind === 'room-ended') out.add(p.entry.roomCode);
    return out;
  }

  /**
   * Reads the entries a stopped process left (call at boot, before `flush`). A file that is not
   * an entry is set aside and logged, never deleted. Answers how many were loaded.
   */
  async load(): Promise<number> {
    let n = 0;
    for (const { name, text } of await this.options.files.list()) {
      let entry: OutboxEntry;
      try {
        entry = decodeEntry(text);
      } catch (e) {
        this.options.logger.error('outbox: unreadable entry set aside', { file: name, error: String(e) });
        await this.options.files.setAside(name).catch((err: unknown) => this.options.logger.error('outbox: cannot set aside', { file: name, error: String(err) }));
        continue;
      }
      if (this.pending.has(entry.key)) continue;
      this.pending.set(entry.key, { entry, name, onDisk: true, failures: 0, entryFailures: 0, toldKept: false, reports: [], waiters: [] });
      n++;
    }
    if (n > 0) this.options.logger.info('outbox: entries left by an earlier run', { entries: n });
    return n;
  }

  /**
   * Keeps the entry (on disk when the disk allows) and writes it to the database: now, or after
   * a failure, on a later pass. Resolves once it is in the database; `report` hears 'kept' after
   * its first failed write and 'stored' once written.
   */
  async put(entry: OutboxEntry, report?: (w: RunWrite) => void): Promise<void> {
    if (this.closed) throw new OutboxClosedError(entry.key, false);
    let p = this.pending.get(entry.key);
    const done = new Promise<void>((resolve, reject) => {
      if (!p) {
        p = { entry, name: entryFileName(entry.key), onDisk: false, failures: 0, entryFailures: 0, toldKept: false, reports: [], waiters: [] };
        this.pending.set(entry.key, p);
      }
      p.waiters.push({ resolve, reject });
      if (report) p.reports.push(report);
    });
    // The caller gets `done` below; this only keeps an early rejection (close during the disk write) from counting as unhandled.
    done.catch(() => undefined);
    await this.keep(p!);
    if (this.cancelTimer && this.lastFailure) {
      // The storage is known to be failing: the next pass (on its timer) takes it; the room hears now.
      this.tellKept(p!, this.lastFailure);
    } else {
      this.kick();
    }
    return done;
  }

  /**
   * One pass now over everything pending, oldest first (at boot, or to retry without waiting).
   * Answers how many entries are left.
   */
  async flush(): Promise<number> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.kick();
    await this.idle();
    return this.pending.size;
  }

  /** Resolves once no pass is running (one the retry timer started, say). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Stops retrying. Entries not written stay on disk for the next start (one more try to put
   * the ones only in memory there); whoever waits on them gets OutboxClosedError.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const p of this.pending.values()) {
      if (!p.onDisk) await this.keep(p);
      if (!p.onDisk) this.options.logger.error('outbox: lost at shutdown (neither in the database nor on disk)', { key: p.entry.key });
      const err = new OutboxClosedError(p.entry.key, p.onDisk);
      for (const w of p.waiters.splice(0)) w.reject(err);
    }
    if (this.pending.size > 0) this.options.logger.info('outbox: kept on disk for the next start', { entries: [...this.pending.values()].filter((p) => p.onDisk).length });
  }

  private keep(p: Pending): Promise<void> {
    if (p.onDisk) return Promise.resolve();
    // One disk write at a time per entry (put and a pass may both ask).
    p.keeping ??= this.options.files.write(p.name, encodeEntry(p.entry)).then(
      () => {
        p.onDisk = true;
      },
      (e: unknown) => this.options.logger.error('outbox: cannot keep on disk; kept in memory and retried', { key: p.entry.key, error: String(e) }),
    ).finally(() => {
      p.keeping = undefined;
    });
    return p.keeping;
  }

  /** Starts a pass unless one is running (then it runs once more after it). */
  private kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again && !this.cancelTimer) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async pass(): Promise<void> {
    let storageDown = false;
    for (const p of [...this.pending.values()]) {
      if (this.closed || storageDown) break;
      if (this.pending.get(p.entry.key) !== p) continue;
      await this.keep(p);
      try {
        await this.options.write(p.entry);
      } catch (e) {
        storageDown = this.failed(p, e);
        continue;
      }
      await this.written(p);
    }
    if (this.closed || this.pending.size === 0) return;
    if (storageDown && this.lastFailure) {
      // Everything behind the failed write waits for the storage too: its rooms hear it now.
      for (const p of this.pending.values()) this.tellKept(p, this.lastFailure);
    }
    if (storageDown || [...this.pending.values()].some((p) => p.failures > 0)) this.schedule();
  }

  /** Once per entry: the error is logged and its room told that it is kept and retried. */
  private tellKept(p: Pending, why: { reason: StorageReason; error: string }): void {
    if (p.toldKept) return;
    p.toldKept = true;
    const e = p.entry;
    this.options.logger.error(e.kind === 'run' ? 'finished run not written to the database; kept and retried' : 'room end not written to the database; kept and retried', {
      key: e.key, room: e.kind === 'run' ? e.run.roomCode : e.roomCode, reason: why.reason, error: why.error, onDisk: p.onDisk,
    });
    for (const r of p.reports) r({ state: 'kept', ...why });
  }

  private async written(p: Pending): Promise<void> {
    this.pending.delete(p.entry.key);
    this.delay = this.retryMs;
    this.lastFailure = null;
    if (p.failures > 0) this.options.logger.info('outbox: written after retry', { key: p.entry.key, failures: p.failures });
    if (p.onDisk) await this.options.files.remove(p.name).catch((e: unknown) => this.options.logger.error('outbox: written, but its file could not be removed (the next start writes it again, harmlessly)', { key: p.entry.key, error: String(e) }));
    for (const r of p.reports) r({ state: 'stored' });
    for (const w of p.waiters.splice(0)) w.resolve();
  }

  /** Books a failed write; answers whether the storage itself is failing (then the pass stops). */
  private failed(p: Pending, e: unknown): boolean {
    p.failures++;
    const storage = e instanceof StorageError;
    const data = { key: p.entry.key, ...(p.entry.kind === 'run' && p.entry.run.roomCode ? { room: p.entry.run.roomCode } : {}), failures: p.failures, error: e instanceof Error ? e.message : String(e) };
    const reason = storageReasonOf(e);
    if (storage) this.lastFailure = { reason, error: data.error };
    this.tellKept(p, { reason, error: data.error });
    if (p.failures % 10 === 0) this.options.logger.error('outbox: still failing', data);
    if (!storage) {
      p.entryFailures++;
      if (p.entryFailures >= this.maxEntryFailures) void this.setAside(p, e);
    }
    return storage;
  }

  private async setAside(p: Pending, e: unknown): Promise<void> {
    this.pending.delete(p.entry.key);
    this.options.logger.error('outbox: entry cannot be written; set aside for a person to look at', { key: p.entry.key, file: `${p.name}.failed`, error: String(e) });
    if (p.onDisk) await this.options.files.setAside(p.name).catch((err: unknown) => this.options.logger.error('outbox: cannot set aside', { key: p.entry.key, error: String(err) }));
    for (const w of p.waiters.splice(0)) w.reject(e);
  }

  private schedule(): void {
    if (this.cancelTimer || this.closed) return;
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.maxRetryMs);
    this.cancelTimer = this.clock.setTimer(wait, () => {
      this.cancelTimer = null;
      this.kick();
    });
  }
}
