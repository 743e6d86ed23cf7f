/**
 * Shared Playwright helpers: a `test` that fails on any console error or uncaught
 * page error (issue 5: "no console errors"), and screenshots of the main screens
 * saved as artifacts under test-results/screens/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page, type ConsoleMessage } from '@playwright/test';

export { expect };

export const SCREENS_DIR = path.join(process.cwd(), 'test-results', 'screens');

/** Saves a full-page screenshot as test-results/screens/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

export interface ConsoleProblem {
  page: string;
  kind: 'console' | 'pageerror';
  text: string;
}

/**
 * Console errors that are not the app's fault. Kept empty on purpose; add an
 * entry only with a reason next to it.
 */
const IGNORED: RegExp[] = [];

/** Records console errors and uncaught exceptions of a page (and its reloads). */
export function watchConsole(page: Page, into: ConsoleProblem[], label = 'page'): void {
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const text = `${msg.text()} @ ${msg.location().url}`;
    if (!IGNORED.some((re) => re.test(text))) into.push({ page: label, kind: 'console', text });
  });
  page.on('pageerror', (err) => into.push({ page: label, kind: 'pageerror', text: String(err.stack ?? err) }));
}

interface Fixtures {
  /** Console problems seen so far; each test must end with none. */
  consoleProblems: ConsoleProblem[];
}

/**
 * `test` with the default `page` watched for console errors; pages a test opens
 * itself (extra browser contexts) are watched with `watchConsole(page, consoleProblems)`.
 */
export const test = base.extend<Fixtures>({
  // Playwright reads fixture dependencies from the destructuring pattern, so it must be there even when empty.
  // eslint-disable-next-line no-empty-pattern
  consoleProblems: async ({}, use) => {
    const problems: ConsoleProblem[] = [];
    await use(problems);
    expect(problems, 'console errors or uncaught page errors').toEqual([]);
  },
  page: async ({ page, consoleProblems }, use) => {
    watchConsole(page, consoleProblems, 'page');
    await use(page);
  },
});
