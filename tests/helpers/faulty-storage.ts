/**
 * A database that fails on command, through the repository interface: the storage tests put it
 * between the server and a real SQLite database.
 *
 * - `fail`: every write rejects as a full disk does (reads still work);
 * - `hang`: every call (and close) waits, as on a database that stopped answering, until the mode
 *   changes; then it runs for real. A hung write the caller gave up on (a timeout) thus still
 *   commits later: the case idempotency keys are for;
 * - `commit-then-fail`: every write is done, then reports a failure (the answer was lost).
 * `set(mode, only)` limits the fault to the calls whose "repo.method" matches `only`.
 */
import type { Db } from '../../server/db';

export type FaultMode = 'ok' | 'fail' | 'hang' | 'commit-then-fail';

const WRITES = /^(create|ensure|rename|seed|upsert|resolve|update|add|kick|save|drop)/;
const REPOS = ['players', 'scenarios', 'rooms', 'runs', 'leaderboards', 'progress', 'arena'] as const;

export interface FaultyDb {
  db: Db;
  mode: FaultMode;
  /** Every call made, as "repo.method" (the test reads what reached the database). */
  readonly calls: string[];
  set(mode: FaultMode, only?: RegExp): void;
}

export function faultyDb(real: Db): FaultyDb {
  const waiting: (() => void)[] = [];
  const state: FaultyDb = {
    db: real,
    mode: 'ok',
    calls: [],
    set(mode, only) {
      state.mode = mode;
      filter = only;
      if (mode !== 'hang') for (const go of waiting.splice(0)) go();
    },
  };
  let filter: RegExp | undefined;
  const applies = (op: string, write: boolean) => (filter ? filter.test(op) : state.mode === 'hang' || write);
  const released = (op: string, write: boolean) => (state.mode === 'hang' && applies(op, write) ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve());

  const wrap = <T extends object>(name: string, repo: T): T =>
    new Proxy(repo, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        const op = `${name}.${String(key)}`;
        const write = WRITES.test(String(key));
        return async (...args: unknown[]) => {
          state.calls.push(op);
          await released(op, write);
          if (state.mode === 'fail' && applies(op, write)) throw new Error(`SQLITE_FULL: database or disk is full (${op})`);
          const out: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (state.mode === 'commit-then-fail' && applies(op, write)) throw new Error(`connection lost after ${op} committed`);
          return out;
        };
      },
    });

  const db = { ...real } as Db;
  for (const name of REPOS) (db as unknown as Record<string, unknown>)[name] = wrap(name, real[name]);
  db.close = async () => {
    await released('close', true);
    await real.close();
  };
  state.db = db;
  return state;
}
