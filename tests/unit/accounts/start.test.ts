/**
 * better-auth is built on the first request (serve() knows its URL only once it listens): a
 * first request that finds the database down must not leave the accounts broken for good.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createAccounts } from '../../../server/accounts';
import { createMemoryRepositories, type AuthStore } from '../../../server/db';

describe('createAccounts', () => {
  it('tries again after a first request whose secret could not be read, and keeps the stored secret', async () => {
    const real = createMemoryRepositories().auth!;
    let down = true;
    const calls: string[] = [];
    const store: AuthStore = {
      ...real,
      database: real.database,
      async secret(candidate) {
        calls.push(candidate);
        if (down) throw new Error('database down');
        return real.secret(candidate);
      },
    };
    const accounts = createAccounts(store, { baseURL: 'http://127.0.0.1:1' });
    const req = { method: 'GET', headers: { host: '127.0.0.1:1' } } as unknown as IncomingMessage;
    await expect(accounts.resolver.current(req)).rejects.toThrow('database down');
    down = false;
    await expect(accounts.resolver.current(req)).resolves.toBeNull();
    await expect(accounts.resolver.current(req)).resolves.toBeNull();
    // Built once it worked: the secret is read once more, not on every request.
    expect(calls).toHaveLength(2);
  });
});
