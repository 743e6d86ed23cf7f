#!/usr/bin/env node
// Starts the real production server for the browser tests (playwright.config.ts):
//   1. `next build` once (skip with E2E_SKIP_BUILD=1 when .next is already fresh);
//   2. a throwaway SQLite database in a temp folder (the server migrates it at start-up);
//   3. server/main.ts under tsx with NODE_ENV=production on 127.0.0.1:$E2E_PORT.
// The temp folder is removed when Playwright stops the server (SIGTERM).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const port = process.env.E2E_PORT ?? process.env.PORT ?? '3217';
const log = (msg) => console.log(`[e2e-server] ${msg}`);

const tmp = mkdtempSync(path.join(tmpdir(), 'mdb-e2e-'));
let child = null;
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  rmSync(tmp, { recursive: true, force: true });
}

// Prisma's SQLite adapter resolves file: paths against the working directory, so the path is absolute.
const env = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: port,
  HOST: '127.0.0.1',
  HOSTNAME: '127.0.0.1',
  DATABASE_URL: `file:${path.join(tmp, 'e2e.db')}`,
  NEXT_TELEMETRY_DISABLED: '1',
  // The arena's hidden suite, made small for the browser tests (README "Arena"): 4 sets of 300 ticks.
  ARENA_SUITE_SETS: process.env.ARENA_SUITE_SETS ?? '1',
  ARENA_SUITE_DURATION: process.env.ARENA_SUITE_DURATION ?? '300',
  // As behind the proxy: the accounts spec sends X-Forwarded-For to be several clients (sign-in rate limit per address).
  TRUST_PROXY: '1',
};

function run(cmd, args, what) {
  const t0 = Date.now();
  log(`${what}: ${path.basename(cmd)} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    cleanup();
    console.error(`[e2e-server] ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  log(`${what} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.env.E2E_SKIP_BUILD !== '1') run(bin('next'), ['build'], 'build');

// No schema step: server/db's openDatabase applies the migrations at start-up.

const main = path.join(root, 'server', 'main.ts');
child = spawn(process.execPath, ['--import', 'tsx', main], { cwd: root, env, stdio: 'inherit' });
log(`server starting on http://127.0.0.1:${port} (db ${env.DATABASE_URL})`);

child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    if (child && child.exitCode === null) child.kill(sig);
    else {
      cleanup();
      process.exit(0);
    }
  });
}
process.on('exit', cleanup);
