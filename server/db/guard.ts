/**
 * Every repository call bounded in time, and every failure of the store typed.
 *
 * Why: a store that stops answering (a leaked SQLite lock, a PostgreSQL connection stuck on a
 * dead network) used to hang whatever waited on it: the rooms' write queue, run submissions,
 * shutdown. Each call now races a timer and rejects with StorageTimeoutError; the call itself
 * is abandoned, not cancelled. Errors that are the domain's answers (DuplicateRunError,
 * ScenarioConflictError) pass unchanged; anything else the store throws becomes a
 * StorageError, so callers can tell "try again later" from a refusal.
 */
import { AssignmentCodeTakenError } from './teach-types';
import { DuplicateRunError, ScenarioConflictError, StorageError, StorageTimeoutError, type Repositories } from './types';

/** Long enough for SQLite's 10 s busy wait and a serialisable retry or two; short enough that nothing waits on a dead store for long. */
export const DEFAULT_STORAGE_TIMEOUT_MS = 15_000;

const REPOSITORIES = ['players', 'scenarios', 'rooms', 'runs', 'leaderboards', 'progress', 'arena', 'assignments', 'classes', 'authored'] as const satisfies readonly (keyof Repositories)[];

function isDomainError(e: unknown): boolean {
  return e instanceof DuplicateRunError || e instanceof ScenarioConflictError || e instanceof AssignmentCodeTakenError || e instanceof StorageError;
}

function bounded<A extends unknown[], T>(operation: string, fn: (...args: A) => Promise<T>, ms: number): (...args: A) => Promise<T> {
  return (...args) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StorageTimeoutError(operation, ms)), ms);
    });
    const call = Promise.resolve().then(() => fn(...args)).catch((e: unknown) => {
      if (isDomainError(e)) throw e;
      throw new StorageError(operation, `${operation} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    });
    return Promise.race([call, late]).finally(() => clearTimeout(timer));
  };
}

function guardOne<T extends object>(name: string, repo: T, ms: number): T {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(repo, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (!cache.has(key)) cache.set(key, bounded(`${name}.${String(key)}`, (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args), ms));
      return cache.get(key);
    },
  });
}

/** The same repositories, each call bounded by `timeoutMs` and its store failures typed (see above). */
export function guardRepositories<R extends Repositories>(repos: R, timeoutMs: number = DEFAULT_STORAGE_TIMEOUT_MS): R {
  const out: R = { ...repos };
  for (const name of REPOSITORIES) (out as Repositories)[name] = guardOne(name, repos[name], timeoutMs) as never;
  return out;
}
