/**
 * A throwaway PostgreSQL cluster for tests: initdb + pg_ctl from the local binaries, on a
 * random loopback port, in a temporary folder, trust authentication. Never skipped: when
 * PostgreSQL cannot be found or started, startPostgres() throws with the reason and the
 * suite fails (.ci/run installs the `postgresql` package when it is missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../scripts/cluster';

export interface PgCluster {
  /** postgresql://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function findBinDir(): string {
  const candidates = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin'];
  try {
    for (const v of fs.readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // no Debian layout; fall through to the error below
  }
  for (const c of candidates) if (c && fs.existsSync(path.join(c, 'initdb')) && fs.existsSync(path.join(c, 'pg_ctl'))) return c;
  throw new Error('PostgreSQL binaries not found (looked in $PG_BIN and /usr/lib/postgresql/*/bin): install them with `apt-get install -y postgresql`');
}

/** The server refuses to run as root: as root, run the binaries as the `postgres` OS user. */
function runAs(bin: string, args: string[]): { status: number | null; out: string } {
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? 'runuser' : bin;
  const argv = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: '/' });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

export async function startPostgres(): Promise<PgCluster> {
  const bin = findBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgtest-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chown', ['postgres:postgres', dir]);
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`cannot hand the test folder to the postgres OS user (is the postgresql package installed?): ${String(e)}`, { cause: e });
    }
  }
  const init = runAs(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.out}`);
  }
  let port = 0;
  let lastError = '';
  // A port picked free can be taken before the server binds it: try a few.
  for (let attempt = 0; attempt < 4 && !port; attempt++) {
    const p = await freePort();
    const opts = `-p ${p} -k ${dir} -c listen_addresses=127.0.0.1 -F -c max_connections=50`;
    const r = runAs(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '30', 'start']);
    if (r.status === 0) port = p;
    else lastError = `${r.out}\n${fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : ''}`;
  }
  if (!port) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${lastError}`);
  }
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      runAs(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
