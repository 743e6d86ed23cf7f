/**
 * Teacher accounts end to end on a real port, through serve() (accounts on by default), on
 * SQLite and PostgreSQL (and createMemoryRepositories, on better-auth's memory adapter): sign up, sign in by username and by e-mail, refusals, cookie flags,
 * what the API's resolver sees (a same-origin write, a cross-site one), sign out, sign out
 * everywhere, and the sign-in rate limit. The server trusts X-Forwarded-For (TRUST_PROXY), so
 * each test counts as its own client address and the limit's buckets stay apart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRepositories, openDatabase, type Db } from '../../../server/db';
import { serve, type Served } from '../../../server/serve';
import { AuthRefused, currentAccount, signIn, signOut, signOutEverywhere, signUp } from '../../helpers/accounts';
import { startPostgres, type PgCluster } from '../../helpers/postgres';

const PASSWORD = 'correct horse battery';
let nextAddress = 1;
/** A client address of its own (TEST-NET-3) for one test. */
const from = () => ({ 'x-forwarded-for': `203.0.113.${nextAddress++}` });

let pgCluster: PgCluster | undefined;
afterAll(async () => {
  await pgCluster?.stop();
});

describe.each(['sqlite', 'postgres', 'memory'] as const)('teacher accounts on %s', (provider) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `accounts-${provider}-`));
  let db: Db;
  let served: Served;
  let base = '';

  /** A stand-in for one of our API's routes: answers who the resolver says is signed in. */
  async function whoami(req: IncomingMessage, res: ServerResponse) {
    if (req.url !== '/whoami') return void res.writeHead(404).end();
    const account = await served.accounts!.resolver.current(req);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ account }));
  }
  async function ask(headers: Record<string, string>, method = 'POST') {
    const res = await fetch(`${base}/whoami`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'GET' ? {} : { body: '{}' }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { account: unknown }).account;
  }

  beforeAll(async () => {
    let url = `file:${path.join(dir, 'accounts.db')}`;
    if (provider === 'postgres') {
      pgCluster ??= await startPostgres();
      url = await pgCluster.createDatabase('accounts');
    }
    db = provider === 'memory' ? createMemoryRepositories() : await openDatabase(url, { seed: false });
    served = await serve({
      db, outboxDir: path.join(dir, 'outbox'), logger: { info: () => {}, error: () => {} }, port: 0, host: '127.0.0.1',
      fallback: whoami, accounts: { trustProxy: true },
    });
    base = served.url;
  }, 120_000);
  afterAll(async () => {
    await served?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs up without an e-mail: a teacher, in an httpOnly SameSite=Lax session cookie', async () => {
    const t = await signUp(base, { username: 'Ada_L', password: PASSWORD }, from());
    expect(t.account).toMatchObject({ name: 'Ada_L', role: 'teacher' });
    const session = t.setCookie.find((c) => c.includes('session_token='));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).toMatch(/;\s*Path=\//i);
    const me = (await (await fetch(`${base}/api/account`, { headers: { cookie: t.cookie } })).json()) as { account: { username: string; email: string | null } };
    expect(me.account).toMatchObject({ id: t.account.id, username: 'ada_l', email: null });
  });

  it('signs in by username (any case) and by e-mail, to the same account', async () => {
    const up = await signUp(base, { username: 'grace', password: PASSWORD, email: 'Grace@Example.org' }, from());
    const byName = await signIn(base, { login: 'GRACE', password: PASSWORD }, from());
    const byEmail = await signIn(base, { login: 'grace@example.org', password: PASSWORD }, from());
    expect(byName.account).toEqual(up.account);
    expect(byEmail.account).toEqual(up.account);
    expect(byName.cookie).not.toBe(byEmail.cookie);
  });

  it('refuses a wrong password (401, no cookie) and an unknown user the same way', async () => {
    await signUp(base, { username: 'linus', password: PASSWORD }, from());
    for (const login of ['linus', 'nobody_here']) {
      const res = await fetch(`${base}/api/auth/sign-in/username`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: base, ...from() }, body: JSON.stringify({ username: login, password: 'not the password' }),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('INVALID_USERNAME_OR_PASSWORD');
      expect(res.headers.getSetCookie().filter((c) => /session_token=[^;]/.test(c))).toEqual([]);
    }
  });

  it('refuses a taken username (any case) and a taken e-mail, creating nothing', async () => {
    await signUp(base, { username: 'margaret', password: PASSWORD, email: 'mh@example.org' }, from());
    await expect(signUp(base, { username: 'Margaret', password: PASSWORD }, from())).rejects.toMatchObject({ status: 400, code: 'USERNAME_IS_ALREADY_TAKEN' });
    const taken = await signUp(base, { username: 'other_m', password: PASSWORD, email: 'MH@example.org' }, from()).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(AuthRefused);
    expect((taken as AuthRefused).status).toBe(422);
    // The refused sign-up left no account behind: its username is still free.
    await expect(signIn(base, { login: 'other_m', password: PASSWORD }, from())).rejects.toMatchObject({ status: 401 });
  });

  it('ignores a sign-up that tries to make itself admin: role is not an input', async () => {
    const res = await fetch(`${base}/api/auth/sign-up/email`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: base, ...from() },
      body: JSON.stringify({ username: 'mallory', name: 'mallory', password: PASSWORD, email: 'm@example.org', role: 'admin' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { role: string } }).user.role).toBe('teacher');
    expect((await signIn(base, { login: 'mallory', password: PASSWORD }, from())).account.role).toBe('teacher');
  });

  it('the API resolver sees the account on same-site requests and nobody on cross-site writes', async () => {
    const t = await signUp(base, { username: 'barbara', password: PASSWORD }, from());
    expect(await ask({ cookie: t.cookie, origin: base })).toEqual(t.account);
    expect(await ask({ cookie: t.cookie, 'sec-fetch-site': 'same-origin', origin: base })).toEqual(t.account);
    // Not a browser (no Origin, no Sec-Fetch-Site): cannot ride a victim's cookie.
    expect(await ask({ cookie: t.cookie })).toEqual(t.account);
    expect(await ask({})).toBeNull();
    // CSRF: another site's page posting with the teacher's cookie.
    expect(await ask({ cookie: t.cookie, origin: 'http://evil.example' })).toBeNull();
    expect(await ask({ cookie: t.cookie, 'sec-fetch-site': 'cross-site' })).toBeNull();
    expect(await ask({ cookie: t.cookie, 'sec-fetch-site': 'same-site', origin: base })).toBeNull();
    for (const method of ['PUT', 'PATCH', 'DELETE']) expect(await ask({ cookie: t.cookie, origin: 'http://evil.example' }, method)).toBeNull();
    // A read is not a state change: the cross-site check does not apply.
    expect(await ask({ cookie: t.cookie, 'sec-fetch-site': 'cross-site' }, 'GET')).toEqual(t.account);
  });

  it("better-auth's own routes refuse another site's Origin", async () => {
    const t = await signUp(base, { username: 'katherine', password: PASSWORD }, from());
    const res = await fetch(`${base}/api/auth/sign-out`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example', cookie: t.cookie }, body: '{}' });
    expect(res.status).toBe(403);
    expect(await currentAccount(base, t.cookie)).toEqual(t.account);
  });

  it('sign out ends that session only', async () => {
    await signUp(base, { username: 'hedy', password: PASSWORD }, from());
    const a = await signIn(base, { login: 'hedy', password: PASSWORD }, from());
    const b = await signIn(base, { login: 'hedy', password: PASSWORD }, from());
    await signOut(base, a.cookie);
    expect(await currentAccount(base, a.cookie)).toBeNull();
    expect(await ask({ cookie: a.cookie, origin: base })).toBeNull();
    expect(await currentAccount(base, b.cookie)).toEqual(b.account);
  });

  it('sign out everywhere invalidates every other session of the account, not other accounts', async () => {
    const other = await signUp(base, { username: 'radia', password: PASSWORD }, from());
    await signUp(base, { username: 'frances', password: PASSWORD }, from());
    const laptop = await signIn(base, { login: 'frances', password: PASSWORD }, from());
    const phone = await signIn(base, { login: 'frances', password: PASSWORD }, from());
    expect(await ask({ cookie: laptop.cookie, origin: base })).toEqual(laptop.account);
    await signOutEverywhere(base, phone.cookie);
    expect(await currentAccount(base, laptop.cookie)).toBeNull();
    expect(await currentAccount(base, phone.cookie)).toBeNull();
    expect(await ask({ cookie: laptop.cookie, origin: base })).toBeNull();
    expect(await currentAccount(base, other.cookie)).toEqual(other.account);
    // The password still works: a new session.
    expect((await signIn(base, { login: 'frances', password: PASSWORD }, from())).account).toEqual(laptop.account);
  });

  it('rate-limits sign-in: the 6th attempt in a minute from one address gets 429 with a retry time, even with the right password', async () => {
    await signUp(base, { username: 'alan', password: PASSWORD }, from());
    const attacker = from();
    for (let i = 0; i < 5; i++) await expect(signIn(base, { login: i % 2 ? 'alan' : 'alan@nowhere.example', password: 'guess' + i }, attacker)).rejects.toMatchObject({ status: 401 });
    // Both sign-in routes share the bucket: switching to e-mail does not buy more attempts.
    for (const login of ['alan', 'alan@users.invalid']) {
      const refused = await signIn(base, { login, password: PASSWORD }, attacker).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AuthRefused);
      expect((refused as AuthRefused).status).toBe(429);
      expect((refused as AuthRefused).retryAfter).toBeGreaterThan(0);
      expect((refused as AuthRefused).retryAfter).toBeLessThanOrEqual(60);
    }
    // Per address: another client is not locked out.
    expect((await signIn(base, { login: 'alan', password: PASSWORD }, from())).account.name).toBe('alan');
  });
});
