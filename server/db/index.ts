/**
 * Storage entry point. `openDatabase()` is what the server calls at boot: it migrates the
 * database (SQLite file created if missing; PostgreSQL when DATABASE_URL says so), loads the
 * built-in scenarios idempotently and returns the repositories. Nothing is opened at import
 * time: the Prisma client and drivers are loaded inside openDatabase().
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_SCENARIOS } from '../engine/levels';
import { createPrismaAuthStore } from './auth-store';
import { guardRepositories } from './guard';
import { migratePostgres, migrateSqlite } from './migrate';
import { createPrismaRepositories } from './prisma';
import { toScenarioDocOrThrow } from './scenarios';
import type { Db } from './types';
import { isPostgresUrl, resolveSqliteFile } from './url';

export * from './types';
export * from './arena-types';
export { createMemoryRepositories } from './memory';
export { guardRepositories, DEFAULT_STORAGE_TIMEOUT_MS } from './guard';
export { hashToken, newPlayerToken } from './tokens';
export { toScenarioDoc } from './scenarios';
export { AUTH_MODELS, newAuthSecret, type AuthStore, type AuthRole, type AuthUserSummary } from './auth-store';
export { isPostgresUrl, defaultOutboxDir, DEFAULT_SQLITE_PATH } from './url';

/** The project root (server/db/ is two levels down). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface OpenOptions {
  /** Skip loading the built-in scenarios (tests that want an empty database). */
  seed?: boolean;
  /** Every repository call is abandoned with StorageTimeoutError after this long (guard.ts; default 15 s). */
  timeoutMs?: number;
}

/**
 * Opens (creating and migrating as needed) the database named by `url`, or by
 * DATABASE_URL, or data/game.db under the project root.
 */
export async function openDatabase(url: string | undefined = process.env.DATABASE_URL, options: OpenOptions = {}): Promise<Db> {
  const pg = isPostgresUrl(url);
  let db: Db;
  if (pg) {
    await migratePostgres(url!, path.join(PROJECT_ROOT, 'prisma/postgres/migrations'));
    const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import('./generated/postgres/client'), import('@prisma/adapter-pg')]);
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    // Both generated clients have the same models; the repositories are written against the SQLite one's types.
    db = wrap(client as unknown as import('./generated/sqlite/client').PrismaClient, 'postgres', options.timeoutMs);
  } else {
    const file = resolveSqliteFile(url, PROJECT_ROOT);
    migrateSqlite(file, path.join(PROJECT_ROOT, 'prisma/migrations'));
    const [{ PrismaClient }, { sqliteAdapter }] = await Promise.all([import('./generated/sqlite/client'), import('./sqlite-adapter')]);
    const client = new PrismaClient({ adapter: sqliteAdapter(file) });
    db = wrap(client, 'sqlite', options.timeoutMs);
  }
  try {
    if (options.seed !== false) await seedBuiltins(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

function wrap(client: import('./generated/sqlite/client').PrismaClient, provider: 'sqlite' | 'postgres', timeoutMs?: number): Db {
  return guardRepositories({ provider, ...createPrismaRepositories(client), auth: createPrismaAuthStore(client, provider), close: () => client.$disconnect() }, timeoutMs);
}

/** Loads the built-in levels (server/engine/levels, the campaign in order) into the scenarios table; unchanged files write nothing. */
export async function seedBuiltins(db: Pick<Db, 'scenarios'>) {
  return db.scenarios.seedBuiltins(BUILTIN_SCENARIOS.map(toScenarioDocOrThrow));
}
