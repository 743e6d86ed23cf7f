/**
 * Prisma CLI configuration (only the CLI loads this file; the server opens the database
 * through server/db). Offline recipe from ../shared/STACK.md:
 * - the JavaScript schema engine through a driver adapter (nothing is downloaded);
 * - SQLite by default, PostgreSQL when DATABASE_URL starts with postgres:// or postgresql://,
 *   each with its own schema file and migrations folder.
 */
import path from 'node:path';
import fs from 'node:fs';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { cliPgAdapterFactory } from './scripts/prisma-cli-pg';
import { isPostgresUrl, resolveSqliteFile } from './server/db/url';

// Turn a schema parse error back into the real message instead of an attempt to download
// engines (which reports a misleading ENOTFOUND offline).
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= '/dev/null';
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';

// The WebAssembly engine leaves a long timer (60 s on SQLite, 10 s on PostgreSQL) that
// keeps the CLI alive after its work is done. Long timers are unref'd in this process only.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const t = realSetTimeout(fn, ms, ...args);
  if ((ms ?? 0) >= 5000) t.unref?.();
  return t;
}) as typeof setTimeout;

const root = path.dirname(new URL(import.meta.url).pathname);
const url = process.env.DATABASE_URL ?? '';
const pg = isPostgresUrl(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: pg ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: pg ? 'prisma/postgres/migrations' : 'prisma/migrations' },
  async adapter() {
    if (pg) return cliPgAdapterFactory(url);
    const file = resolveSqliteFile(url, root);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: file });
  },
});
