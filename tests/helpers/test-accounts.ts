/**
 * A stand-in for the session lookup while the accounts module is not merged: the request's
 * `x-test-account` header names the signed-in teacher. Only the lookup is stood in for; every
 * route's logic under test is the real one. Never used by the server itself.
 */
import type { Account, AccountResolver } from '../../server/http/accounts';

export const TEST_ACCOUNT_HEADER = 'x-test-account';

export const headerAccounts: AccountResolver = {
  current: async (req) => {
    const id = req.headers[TEST_ACCOUNT_HEADER];
    return typeof id === 'string' && id ? ({ id, name: `Teacher ${id}`, role: 'teacher' } satisfies Account) : null;
  },
};

/** Request headers of teacher `id` (JSON body). */
export const asTeacher = (id: string): Record<string, string> => ({ [TEST_ACCOUNT_HEADER]: id, 'content-type': 'application/json' });

/** The same stand-in for sockets: the handshake's `test-session=<id>` cookie names the teacher. */
export const cookieAccounts: AccountResolver = {
  current: async (req) => {
    const m = /(?:^|;\s*)test-session=([^;]+)/.exec(req.headers.cookie ?? '');
    return m ? { id: m[1], name: `Teacher ${m[1]}`, role: 'teacher' } : null;
  },
};
