import { afterEach } from 'vitest';
import type { Db } from '../../../server/db';

/**
 * For a behaviour suite run on memory, SQLite and PostgreSQL: `fresh()` opens a database with
 * the suite's opener, and every database opened during a test is closed after it. Call inside
 * the suite's `describe`.
 */
export function freshDatabases(open: () => Promise<Db>): () => Promise<Db> {
  const opened: Db[] = [];
  afterEach(async () => {
    while (opened.length) await opened.pop()!.close();
  });
  return async () => {
    const db = await open();
    opened.push(db);
    return db;
  };
}
