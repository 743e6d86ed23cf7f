/**
 * Teacher accounts (README "Teacher accounts"): better-auth mounted at /api/auth/*, the
 * `AccountResolver` the API's routes ask who is signed in, and GET /api/account for the pages.
 * Students never need an account: nothing here touches anonymous play.
 *
 * better-auth is built on first use, not at creation: serve() learns its URL (a port chosen at
 * run time) only once it listens, and no request arrives before that.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromNodeHeaders, toNodeHandler } from 'better-auth/node';
import { newAuthSecret, type AuthStore } from '../db';
import type { Account, AccountResolver } from '../http/accounts';
import { clientAddress } from '../http/address';
import type { Logger } from '../rooms';
import { CLIENT_ADDRESS_HEADER, createAuth, NO_EMAIL_DOMAIN, type Auth } from './auth';
import { isCrossSiteWrite } from './origin';

export { NO_EMAIL_DOMAIN } from './auth';

export interface AccountsOptions {
  /** The site's public URL (BETTER_AUTH_URL); a function when known only after listening. */
  baseURL: string | (() => string);
  /** Signs the session cookies (BETTER_AUTH_SECRET); absent: generated once and kept in the database. */
  secret?: string;
  /** Behind a proxy (TRUST_PROXY=1): the client's address is the last X-Forwarded-For entry. */
  trustProxy?: boolean;
  /** Origins trusted besides the request's own host. */
  trustedOrigins?: readonly string[];
  /** Sign-in attempts per address per minute, both sign-in routes together (default 5). */
  signInPerMinute?: number;
  /** Sign-ups per address per minute (default 30: a class's teachers may share one school address). */
  signUpPerMinute?: number;
  logger?: Logger;
}

export interface Accounts {
  resolver: AccountResolver;
  /** Answers /api/auth/* (better-auth) and GET /api/account; false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  close(): Promise<void>;
}

/** The account as the API sees it; null for a user row without a valid role (never guessed upward). */
export function toAccount(user: { id: string; name: string; username?: string | null; displayUsername?: string | null; role?: unknown }): Account | null {
  const role = user.role ?? 'teacher';
  if (role !== 'teacher' && role !== 'admin') return null;
  return { id: user.id, name: user.displayUsername || user.username || user.name, role };
}

export function createAccounts(store: AuthStore, o: AccountsOptions): Accounts {
  let built: Promise<{ auth: Auth; node: ReturnType<typeof toNodeHandler> }> | undefined;
  const trusted = o.trustedOrigins ?? [];
  const ready = () => (built ??= (async () => {
    const secret = o.secret || await store.secret(newAuthSecret());
    const auth = createAuth({
      store, secret, baseURL: typeof o.baseURL === 'function' ? o.baseURL() : o.baseURL, trustedOrigins: trusted,
      signInPerMinute: o.signInPerMinute ?? 5, signUpPerMinute: o.signUpPerMinute ?? 30, ...(o.logger ? { logger: o.logger } : {}),
    });
    return { auth, node: toNodeHandler(auth) };
  })().catch((e: unknown) => {
    // The secret's read failed (database down): the next request tries again.
    built = undefined;
    throw e;
  }));

  async function sessionUser(req: IncomingMessage) {
    const { auth } = await ready();
    const session = await auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
    return session?.user ?? null;
  }

  const resolver: AccountResolver = {
    async current(req) {
      if (isCrossSiteWrite(req, trusted)) return null;
      const user = await sessionUser(req);
      return user ? toAccount(user) : null;
    },
  };

  return {
    resolver,
    async handle(req, res) {
      const path = (req.url ?? '').split('?')[0]!;
      if (path === '/api/account') {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, { allow: 'GET', 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { code: 'method-not-allowed', message: 'GET /api/account only' } }));
          return true;
        }
        // Through better-auth's own session read, whose Set-Cookie (a session nearing expiry is
        // extended; a revoked one is cleared) goes back to the page.
        const { auth } = await ready();
        const { headers, response } = await auth.api.getSession({ headers: fromNodeHeaders(req.headers), returnHeaders: true });
        const setCookie = headers.getSetCookie();
        if (setCookie.length) res.setHeader('set-cookie', setCookie);
        const user = response?.user ?? null;
        const account = user ? toAccount(user) : null;
        const email = user && !user.email.endsWith(`@${NO_EMAIL_DOMAIN}`) ? user.email : null;
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify({ account: account && user ? { ...account, username: user.username ?? null, email } : null }));
        return true;
      }
      if (path !== '/api/auth' && !path.startsWith('/api/auth/')) return false;
      // better-auth reads the address from a header: ours, overwriting whatever the client sent.
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.socket.remoteAddress, req.headers, o.trustProxy ?? false);
      const { node } = await ready();
      await node(req, res);
      return true;
    },
    async close() {
      // Nothing to release: better-auth holds no connection of its own (the database closes with Db).
    },
  };
}
