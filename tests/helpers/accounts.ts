/**
 * Teacher accounts for tests that need a signed-in teacher: sign up or sign in over HTTP on
 * a real server (serve(), accounts on by default) and get the session cookie to send back.
 *
 *   const t = await signUp(base, { username: 'ada', password: 'correct horse' });
 *   await fetch(`${base}/api/...`, { method: 'POST', headers: { cookie: t.cookie, 'content-type': 'application/json' }, body });
 *
 * Requests carry Origin = base, as the browser's would (better-auth refuses state changes
 * from an untrusted Origin once a cookie is sent).
 */
import type { Account } from '../../server/http/accounts';

export interface SignedIn {
  /** The Cookie header to send: `name=value` of every cookie the server set. */
  cookie: string;
  account: Account;
  /** The raw Set-Cookie headers (flags: HttpOnly, SameSite...). */
  setCookie: string[];
}

export class AuthRefused extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string, readonly retryAfter: number | null) {
    super(`${status} ${code ?? ''} ${message}`.trim());
  }
}

function cookieHeader(setCookie: string[]): string {
  return setCookie.map((c) => c.split(';')[0]!).filter((kv) => !kv.endsWith('=')).join('; ');
}

/** Extra request headers (e.g. X-Forwarded-For behind TRUST_PROXY, to count as another address). */
export type ExtraHeaders = Record<string, string>;

async function post(base: string, path: string, body: unknown, cookie?: string, extra: ExtraHeaders = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, ...extra, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

async function refuse(res: Response): Promise<never> {
  const text = await res.text();
  let json: { code?: string; message?: string } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON: keep the text
  }
  const retry = res.headers.get('x-retry-after');
  throw new AuthRefused(res.status, json.code, json.message ?? text, retry === null ? null : Number(retry));
}

/** The account of a cookie (GET /api/account); null when not signed in. */
export async function currentAccount(base: string, cookie: string): Promise<Account | null> {
  const res = await fetch(`${base}/api/account`, { headers: { cookie } });
  if (!res.ok) throw new Error(`/api/account: ${res.status}`);
  const body = (await res.json()) as { account: (Account & { username: string | null; email: string | null }) | null };
  return body.account ? { id: body.account.id, name: body.account.name, role: body.account.role } : null;
}

async function signedIn(base: string, res: Response): Promise<SignedIn> {
  if (!res.ok) return refuse(res);
  const setCookie = res.headers.getSetCookie();
  const cookie = cookieHeader(setCookie);
  const account = await currentAccount(base, cookie);
  if (!account) throw new Error('signed in, but /api/account sees nobody');
  return { cookie, account, setCookie };
}

/** Creates a teacher account and returns its session. Throws AuthRefused when the server says no. */
export async function signUp(base: string, a: { username: string; password: string; email?: string }, extra?: ExtraHeaders): Promise<SignedIn> {
  return signedIn(base, await post(base, '/api/auth/sign-up/email', { username: a.username, password: a.password, name: a.username, ...(a.email ? { email: a.email } : {}) }, undefined, extra));
}

/** Signs in by username or by e-mail (whichever `login` looks like). Throws AuthRefused when refused. */
export async function signIn(base: string, a: { login: string; password: string }, extra?: ExtraHeaders): Promise<SignedIn> {
  const byEmail = a.login.includes('@');
  return signedIn(base, await post(base, byEmail ? '/api/auth/sign-in/email' : '/api/auth/sign-in/username', byEmail ? { email: a.login, password: a.password } : { username: a.login, password: a.password }, undefined, extra));
}

/** Signs this session out (the cookie stops working). */
export async function signOut(base: string, cookie: string): Promise<void> {
  const res = await post(base, '/api/auth/sign-out', {}, cookie);
  if (!res.ok) await refuse(res);
}

/** Revokes every session of the account, this one included. */
export async function signOutEverywhere(base: string, cookie: string): Promise<void> {
  const res = await post(base, '/api/auth/revoke-sessions', {}, cookie);
  if (!res.ok) await refuse(res);
}
