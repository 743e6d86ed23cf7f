/** Database URL conventions shared by the server and the Prisma CLI configuration. */
import path from 'node:path';

/** PostgreSQL when DATABASE_URL says so; SQLite otherwise (including when it is unset). */
export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/** Default SQLite database, relative to the project root. */
export const DEFAULT_SQLITE_PATH = 'data/game.db';

/**
 * The SQLite file for a URL: unset/empty means data/game.db; `file:PATH` or a bare path is
 * resolved against the project root (not the working directory, so scripts run from
 * elsewhere open the same database). `:memory:` is passed through.
 */
export function resolveSqliteFile(url: string | undefined, root: string): string {
  if (!url) return path.resolve(root, DEFAULT_SQLITE_PATH);
  const p = url.startsWith('file:') ? url.slice('file:'.length) : url;
  if (p === ':memory:') return p;
  return path.resolve(root, p);
}

/**
 * Where finished runs wait while the database fails (server/db/outbox.ts): beside the SQLite
 * file (`data/game.db-outbox`), so a server on another database file never writes another's
 * entries; `data/outbox` under the project root for PostgreSQL.
 */
export function defaultOutboxDir(url: string | undefined, root: string): string {
  if (isPostgresUrl(url)) return path.resolve(root, 'data/outbox');
  const file = resolveSqliteFile(url, root);
  return file === ':memory:' ? path.resolve(root, 'data/outbox') : `${file}-outbox`;
}
