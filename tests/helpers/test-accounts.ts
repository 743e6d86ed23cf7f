/**
 * A stand-in for the session lookup only, for suites that drive the teachers' routes with a
 * moving clock or many accounts (real sign-ins: tests/helpers/accounts.ts). The request names
 * its account in a test header, `x-test-account: <id>` (a teacher) or `<id>:<role>`. Everything
 * the routes decide from the account is the real code under test. Never used by the server.
 */
import type { IncomingMessage } from 'node:http';
import type { Account, AccountResolver } from '../../server/http/accounts';

export const TEST_ACCOUNT_HEADER = 'x-test-account';

export const headerAccounts: AccountResolver = {
  async current(req: IncomingMessage): Promise<Account | null> {
    const raw = req.headers[TEST_ACCOUNT_HEADER];
    const m = typeof raw === 'string' ? /^([\w-]+)(?::(teacher|admin))?$/.exec(raw) : null;
    if (!m) return null;
    // The bare form is a teacher named after the id.
    return m[2] ? { id: m[1], name: m[1], role: m[2] as Account['role'] } : { id: m[1], name: `Teacher ${m[1]}`, role: 'teacher' };
  },
};

/** Headers that sign a request in as `account` (none: anonymous). */
export function as(account: Pick<Account, 'id' | 'role'> | null): Record<string, string> {
  return account ? { [TEST_ACCOUNT_HEADER]: `${account.id}:${account.role}` } : {};
}

/** Request headers of teacher `id` (JSON body). */
export const asTeacher = (id: string): Record<string, string> => ({ [TEST_ACCOUNT_HEADER]: id, 'content-type': 'application/json' });

/** The same stand-in for sockets: the handshake's `test-session=<id>` cookie names the teacher. */
export const cookieAccounts: AccountResolver = {
  current: async (req) => {
    const m = /(?:^|;\s*)test-session=([^;]+)/.exec(req.headers.cookie ?? '');
    return m ? { id: m[1], name: `Teacher ${m[1]}`, role: 'teacher' } : null;
  },
};
