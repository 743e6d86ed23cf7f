import type { IncomingMessage } from 'node:http';
import type { Account, AccountResolver } from '../../server/http/accounts';

/**
 * A stand-in for the session lookup only (until accounts are wired): the request names its
 * account in a test header, `x-test-account: <id>:<role>`. Everything the publishing routes
 * decide from the account (publishing-access.ts) is the real code under test.
 */
export const TEST_ACCOUNT_HEADER = 'x-test-account';

export const headerAccounts: AccountResolver = {
  async current(req: IncomingMessage): Promise<Account | null> {
    const raw = req.headers[TEST_ACCOUNT_HEADER];
    const m = typeof raw === 'string' ? /^([\w-]+):(teacher|admin)$/.exec(raw) : null;
    return m ? { id: m[1], name: m[1], role: m[2] as Account['role'] } : null;
  },
};

/** Headers that sign a request in as `account` (none: anonymous). */
export function as(account: Pick<Account, 'id' | 'role'> | null): Record<string, string> {
  return account ? { [TEST_ACCOUNT_HEADER]: `${account.id}:${account.role}` } : {};
}
