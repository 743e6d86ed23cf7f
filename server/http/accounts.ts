/**
 * Who is signed in on a request. Teachers (and admins) have accounts; students never do:
 * anonymous play keeps its player tokens. The accounts module (better-auth, sessions in
 * httpOnly SameSite cookies) implements `AccountResolver`; the API's routes for authors,
 * publishing, assignments and class history only ever ask it this one question.
 */
import type { IncomingMessage } from 'node:http';

export type AccountRole = 'teacher' | 'admin';

export interface Account {
  id: string;
  /** The name shown on a teacher's scenarios and rooms. */
  name: string;
  role: AccountRole;
}

export interface AccountResolver {
  /**
   * The request's account, or null when nobody is signed in, the session expired or was
   * revoked ("sign out everywhere"). For state-changing methods the implementation also
   * refuses a cross-site request (CSRF) by answering null.
   */
  current(req: IncomingMessage): Promise<Account | null>;
}

/** No accounts configured (tools and tests that need none): nobody is ever signed in. */
export const NO_ACCOUNTS: AccountResolver = { current: async () => null };
