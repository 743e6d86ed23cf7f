/**
 * The rooms' storage ports, made to survive a storage failure (what server/main.ts wires):
 * - finished runs and room ends go through the write-ahead outbox (outbox.ts): kept on disk,
 *   retried until written, idempotent, written at the next start if the process stops first;
 * - checkpoints are written directly (a lost one is replaced a second later), every call bounded;
 * - `resumable()` leaves out rooms whose end is still in the outbox (their stored checkpoint is
 *   stale: the round is over), so a room that ended is never brought back as "resumed".
 */
import type { Checkpoint, CheckpointSink, RunSink } from '../rooms/ports';
import type { Simulator } from '../sim';
import type { Clock } from '../rooms/clock';
import type { Logger } from '../rooms/room';
import { DEFAULT_STORAGE_TIMEOUT_MS, guardRepositories } from './guard';
import { directoryFiles, Outbox, type OutboxFiles } from './outbox';
import { createCheckpointSink, createRunSink, loadCheckpoints, settleWrites } from './sinks';
import type { Repositories } from './types';

export interface DurableStorageOptions {
  /** The outbox's directory (one JSON file per entry not written yet). */
  dir: string;
  logger: Logger;
  /** Every repository call is bounded by this (see guard.ts). */
  timeoutMs?: number;
  retryMs?: number;
  maxRetryMs?: number;
  clock?: Clock;
  /** Another place to keep entries than `dir` (tests). */
  files?: OutboxFiles;
  /** Where finished runs are re-simulated before they are stored (the server's worker pool); default inline. */
  simulator?: Simulator;
}

export interface DurableStorage {
  runSink: RunSink;
  checkpoints: CheckpointSink;
  outbox: Outbox;
  /** Checkpoints of rooms to resume after a restart: not over, and no end waiting in the outbox. */
  resumable(): Promise<Checkpoint[]>;
  /** Waits for the rooms' queued writes (checkpoints, runs in flight) to settle. */
  settle(): Promise<void>;
  /** Stops retrying; what is not written stays on disk for the next start. */
  close(): Promise<void>;
}

/**
 * Opens the outbox and writes what an earlier process left in it (before any room resumes:
 * a room whose end was pending must not come back). The database may still be failing: then
 * the entries stay pending and are retried in the background.
 */
export async function openDurableStorage(db: Repositories, options: DurableStorageOptions): Promise<DurableStorage> {
  // Guarded here too, so failures of the store are told apart from a bad entry whatever `db` is.
  const repos = guardRepositories(db, options.timeoutMs ?? DEFAULT_STORAGE_TIMEOUT_MS);
  const runs = createRunSink(repos, options.simulator ? { simulator: options.simulator } : {});
  const checkpoints = createCheckpointSink(repos);
  const outbox = new Outbox({
    files: options.files ?? directoryFiles(options.dir),
    logger: options.logger,
    write: (e) => (e.kind === 'run' ? runs.saveFinishedRun(e.run) : checkpoints.dropCheckpoint!(e.roomCode)),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
    ...(options.maxRetryMs !== undefined ? { maxRetryMs: options.maxRetryMs } : {}),
  });
  const loaded = await outbox.load();
  if (loaded > 0) {
    const left = await outbox.flush();
    if (left > 0) options.logger.error('outbox: entries of an earlier run not written at start; retried in the background', { loaded, left });
    else options.logger.info('outbox: entries of an earlier run written at start', { loaded });
  }
  return {
    runSink: { saveFinishedRun: (run, report) => outbox.put({ kind: 'run', key: run.key, run }, report) },
    checkpoints: {
      saveCheckpoint: (cp) => checkpoints.saveCheckpoint(cp),
      dropCheckpoint: (roomCode) => outbox.put({ kind: 'room-ended', key: `room-ended/${roomCode}`, roomCode }),
    },
    outbox,
    settle: () => settleWrites(repos),
    async resumable() {
      const ended = outbox.endedRooms();
      return (await loadCheckpoints(repos)).filter((cp) => !ended.has(cp.roomCode));
    },
    close: () => outbox.close(),
  };
}
