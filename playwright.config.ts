import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the real production server (Next pages + Socket.IO on one
 * port, server/main.ts), built once and started by scripts/e2e-server.mjs with a
 * throwaway SQLite database.
 *
 * The port is picked free once, in the runner process, and kept in E2E_PORT: the
 * config is evaluated again in every worker process, which inherits the variable,
 * so all of them agree on one URL. Set E2E_PORT yourself to force a port.
 */
function freePort(): number {
  // Synchronous because the config must be a plain object; the OS picks the port.
  const out = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});",
  ]);
  return Number(out.toString());
}

process.env.E2E_PORT ??= String(freePort());
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // The machine has 2 cores and the server simulates every room: one browser test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results/output',
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    // Debian's Chromium: Playwright's own browser download is unreachable here.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
    viewport: { width: 1280, height: 800 },
    // The main screens are saved explicitly (tests/e2e/helpers/screens.ts) to
    // test-results/screens/*.png; the automatic one is kept for failures.
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    // A page this suite owns (the home page may not exist in every checkout); 2xx once Next serves.
    url: `${baseURL}/join`,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    // next build (~15-60 s on 2 cores) happens inside the command, before listening.
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
