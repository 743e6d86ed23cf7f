/**
 * `npm run admin -- promote|demote <username-or-email>` on the server's SQLite file, while the
 * server runs: the signed-in teacher's next request sees the new role.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db';
import { serve, type Served } from '../../../server/serve';
import { currentAccount, signUp } from '../../helpers/accounts';
import { runScript } from '../../helpers/cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-cli-'));
const url = `file:${path.join(dir, 'game.db')}`;
let served: Served;

beforeAll(async () => {
  served = await serve({
    db: await openDatabase(url, { seed: false }), outboxDir: path.join(dir, 'outbox'), logger: { info: () => {}, error: () => {} },
    port: 0, host: '127.0.0.1', fallback: (_req, res) => void res.writeHead(404).end(),
  });
  // The script reads DATABASE_URL as the server does; child processes inherit it.
  process.env.DATABASE_URL = url;
}, 60_000);
afterAll(async () => {
  delete process.env.DATABASE_URL;
  await served?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run admin', () => {
  it('promotes by username and demotes by e-mail; the session sees it at once', async () => {
    const t = await signUp(served.url, { username: 'Ada', password: 'correct horse battery', email: 'ada@example.org' });
    expect(t.account.role).toBe('teacher');

    const up = await runScript('admin.ts', ['promote', 'ADA']);
    expect(up).toMatchObject({ code: 0 });
    expect(up.stdout).toContain('ada is now an admin');
    expect(await currentAccount(served.url, t.cookie)).toEqual({ ...t.account, role: 'admin' });

    const down = await runScript('admin.ts', ['demote', 'ada@example.org']);
    expect(down).toMatchObject({ code: 0 });
    expect(await currentAccount(served.url, t.cookie)).toEqual({ ...t.account, role: 'teacher' });
  }, 60_000);

  it('says so when there is no such account (exit 1) and on a wrong command (exit 2), changing nothing', async () => {
    const t = await signUp(served.url, { username: 'grace', password: 'correct horse battery' });
    const none = await runScript('admin.ts', ['promote', 'nobody']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no account with username or e-mail "nobody"');
    const bad = await runScript('admin.ts', ['crown', 'grace']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "crown"');
    const missing = await runScript('admin.ts', ['promote']);
    expect(missing.code).toBe(2);
    expect(await currentAccount(served.url, t.cookie)).toEqual(t.account);
  }, 60_000);
});
