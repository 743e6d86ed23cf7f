/**
 * The better-sqlite3 driver adapter, made to survive a transaction that SQLite ended on its own.
 *
 * Why: on SQLITE_FULL or an I/O error (a full disk) SQLite rolls the whole transaction back
 * by itself. Prisma then sends `ROLLBACK`, which fails ("no transaction is active"), and never
 * calls the adapter's `rollback()`, the one place the adapter's transaction mutex is released:
 * every later transaction waits for that mutex forever, even once space is back (measured: one
 * full disk, then every run submission hung). A failed `COMMIT` (SQLITE_BUSY) leaks it the same
 * way and leaves the connection inside a transaction (prisma/orm issue 29933, open).
 *
 * Here each transaction's `ROLLBACK` counts as done when SQLite has no transaction left, and a
 * failed `COMMIT` rolls back what is still open and releases the mutex before the error goes up.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

type Factory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<Factory['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/** What the adapter keeps of its better-sqlite3 connection (a public field of its queryable). */
export interface Connection {
  readonly inTransaction: boolean;
  exec(sql: string): unknown;
}

function connectionOf(adapter: Adapter): Connection | null {
  const client = (adapter as unknown as { client?: Partial<Connection> }).client;
  return client && typeof client.inTransaction === 'boolean' && typeof client.exec === 'function' ? (client as Connection) : null;
}

const verb = (sql: string) => sql.trim().replace(/;$/, '').toUpperCase();

export function guardTransaction(tx: Transaction, conn: Connection): Transaction {
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (e) {
      const sql = verb(query.sql);
      // SQLite already undid the transaction: there is nothing left to roll back.
      if (sql === 'ROLLBACK' && !conn.inTransaction) return 0;
      if (sql === 'COMMIT') {
        // The commit failed and nothing will roll back or unlock: do both, then report the failure.
        try {
          if (conn.inTransaction) conn.exec('ROLLBACK');
        } finally {
          await tx.rollback();
        }
      }
      throw e;
    }
  };
  return tx;
}

/** A driver adapter factory for the SQLite file, as `new PrismaBetterSQLite3(...)` but safe after a failed transaction. */
export function sqliteAdapter(file: string, options: { timeout?: number } = {}): Factory {
  const factory = new PrismaBetterSQLite3({ url: file, timeout: options.timeout ?? 10_000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const conn = connectionOf(adapter);
    if (!conn) return adapter; // another adapter version: nothing to guard with
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => guardTransaction(await start(isolationLevel), conn);
    return adapter;
  };
  return factory;
}
