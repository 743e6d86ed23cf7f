/**
 * First-load JavaScript of the web app, from a production build:
 *
 *   npm run bench:web [-- [--rebuild] [--list] [--max-kib N] [path ...]]
 *
 * Builds when the build is missing or stale (the fingerprint `npm start` uses;
 * --rebuild forces it), starts the real server (server/main.ts, NODE_ENV=production,
 * a throwaway SQLite database) on a free loopback port, and opens each page (default
 * `/` and a campaign level) in a fresh Chromium context with an empty cache. Counted:
 * every script requested before the page's load event, by its body gzipped here
 * (zlib level 9; the same figure whatever the server's own compression). Scripts
 * fetched after the load event (Next's link prefetches, dynamic imports started by
 * the page once it runs) do not count: they do not delay the first paint.
 * Inline scripts (Next's RSC payload in the HTML) are not counted either.
 *
 * Prints one line per page: `page=/ scripts=N raw_kib=R gzip_kib=G`. With --list,
 * each script too. With --max-kib N, exits 1 when a page is over N KiB gzip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { buildFingerprint, buildReason, recordFingerprint } from './build-fingerprint.mjs';
import { firstLoadScripts } from './web-weight';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const maxIdx = argv.indexOf('--max-kib');
const maxKib = maxIdx >= 0 ? Number(argv[maxIdx + 1]) : null;
if (maxKib !== null && !(maxKib > 0)) throw new Error('--max-kib needs a positive number');
const pages = argv.filter((a, i) => a.startsWith('/') && argv[i - 1] !== '--max-kib');
if (pages.length === 0) pages.push('/', '/campaign/pinning');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function build(): void {
  const reason = buildReason(root, { rebuild: flag('rebuild') });
  if (!reason) return;
  console.error(`bench:web: ${reason}; running \`next build\``);
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal})`);
  recordFingerprint(root, buildFingerprint(root));
}

async function startServer(port: number, dbDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', HOSTNAME: '127.0.0.1',
      DATABASE_URL: `file:${path.join(dbDir, 'bench.db')}`, NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  // Ready when a page answers; the server migrates its database and prepares Next first.
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/join`);
      if (r.ok) return child;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error('server did not start');
}

const kib = (n: number) => (n / 1024).toFixed(1);

async function main(): Promise<void> {
  build();
  const port = await freePort();
  const dbDir = mkdtempSync(path.join(tmpdir(), 'mdb-bench-web-'));
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  let over = false;
  try {
    server = await startServer(port, dbDir);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    });
    for (const p of pages) {
      const w = await firstLoadScripts(browser, `http://127.0.0.1:${port}`, p);
      const raw = w.raw;
      const gz = w.gzip;
      if (flag('list')) {
        for (const s of [...w.scripts].sort((a, b) => b.gzip - a.gzip)) console.log(`  ${kib(s.gzip).padStart(6)} KiB gz  ${kib(s.raw).padStart(6)} KiB  ${s.url}`);
      }
      console.log(`page=${p} scripts=${w.scripts.length} raw_kib=${kib(raw)} gzip_kib=${kib(gz)}`);
      if (maxKib !== null && gz / 1024 > maxKib) over = true;
    }
  } finally {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dbDir, { recursive: true, force: true });
  }
  if (over) {
    console.error(`bench:web: a page is over ${maxKib} KiB gzip`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
