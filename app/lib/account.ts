/**
 * Teacher accounts in the browser: plain fetch to better-auth's routes (/api/auth/*) and to
 * GET /api/account. Students never come here. Every refusal becomes a sentence for the
 * field it concerns; a rate limit says how long to wait.
 */
import { z } from 'zod';

/** GET /api/account's answer (server/accounts/index.ts), parsed like every answer the pages read. */
const accountAnswerSchema = z.object({
  account: z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['teacher', 'admin']),
    username: z.string().nullable(),
    email: z.string().nullable(),
  }).nullable(),
});

export type AccountView = NonNullable<z.infer<typeof accountAnswerSchema>['account']>;

export type AccountField = 'username' | 'email' | 'login' | 'password' | 'form';
export type AuthResult = { ok: true } | { ok: false; field: AccountField; message: string };

/** Fired on window when someone signs in or out in this tab (the navigation listens). */
export const ACCOUNT_CHANGED = 'account-changed';

export async function fetchAccount(): Promise<AccountView | null> {
  const res = await fetch('/api/account', { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw new Error(`account: ${res.status}`);
  return accountAnswerSchema.parse(await res.json()).account;
}

function announce(): void {
  window.dispatchEvent(new Event(ACCOUNT_CHANGED));
}

const FIELD_OF: Record<string, { field: AccountField; message: string }> = {
  INVALID_USERNAME_OR_PASSWORD: { field: 'form', message: 'Wrong username, e-mail or password.' },
  INVALID_EMAIL_OR_PASSWORD: { field: 'form', message: 'Wrong username, e-mail or password.' },
  USERNAME_IS_ALREADY_TAKEN: { field: 'username', message: 'That username is taken: pick another.' },
  USERNAME_TOO_SHORT: { field: 'username', message: 'A username has at least 3 characters.' },
  USERNAME_TOO_LONG: { field: 'username', message: 'A username has at most 30 characters.' },
  INVALID_USERNAME: { field: 'username', message: 'Letters, digits, underscores and dots only.' },
  USER_ALREADY_EXISTS: { field: 'email', message: 'An account already uses that e-mail.' },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: { field: 'email', message: 'An account already uses that e-mail.' },
  INVALID_EMAIL: { field: 'email', message: 'That is not an e-mail address.' },
  PASSWORD_TOO_SHORT: { field: 'password', message: 'A password has at least 8 characters.' },
  PASSWORD_TOO_LONG: { field: 'password', message: 'A password has at most 128 characters.' },
};

async function refusal(res: Response): Promise<AuthResult> {
  if (res.status === 429) {
    const wait = Number(res.headers.get('x-retry-after'));
    const when = Number.isFinite(wait) && wait > 0 ? `in ${wait} second${wait === 1 ? '' : 's'}` : 'in a minute';
    return { ok: false, field: 'form', message: `Too many attempts from this address. Try again ${when}.` };
  }
  let code = '';
  try {
    code = ((await res.json()) as { code?: string }).code ?? '';
  } catch {
    // not JSON: the generic message below
  }
  return { ok: false, ...(FIELD_OF[code] ?? { field: 'form', message: `The server refused (${res.status}${code ? ` ${code}` : ''}). Try again.` }) };
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`/api/auth${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
}

async function done(res: Response): Promise<AuthResult> {
  if (!res.ok) return refusal(res);
  announce();
  return { ok: true };
}

export async function signUp(a: { username: string; email: string; password: string }): Promise<AuthResult> {
  const email = a.email.trim();
  return done(await post('/sign-up/email', { username: a.username.trim(), name: a.username.trim(), password: a.password, ...(email ? { email } : {}) }));
}

/** By e-mail when the login has an @, else by username. */
export async function signIn(a: { login: string; password: string }): Promise<AuthResult> {
  const login = a.login.trim();
  return done(login.includes('@')
    ? await post('/sign-in/email', { email: login, password: a.password })
    : await post('/sign-in/username', { username: login, password: a.password }));
}

export async function signOut(): Promise<AuthResult> {
  return done(await post('/sign-out', {}));
}

/** Revokes every session of the account (other browsers too), then this one's cookie. */
export async function signOutEverywhere(): Promise<AuthResult> {
  const res = await post('/revoke-sessions', {});
  if (!res.ok) return refusal(res);
  await post('/sign-out', {}).catch(() => undefined);
  announce();
  return { ok: true };
}

/** Where to go after signing in: a same-site path from ?next=, else the account page. */
export function nextPath(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : '/account';
}
