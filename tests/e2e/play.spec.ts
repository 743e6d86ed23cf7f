import { loadScenario, simulate } from '../../server/engine';
import { SOLUTIONS } from '../../server/engine/levels/solutions';
import { readFileSync } from 'node:fs';
import { test as plainTest } from '@playwright/test';
import { readBuiltinFile } from '../../scripts/builtin-files';
import { expect, shot, test } from './helpers';

/** A built-in scenario file by slug (Playwright's loader does not import JSON modules). */
function builtin(slug: string): unknown {
  const found = readBuiltinFile(slug);
  if (!found) throw new Error(`no built-in scenario ${slug}`);
  return found.json;
}

/**
 * Solo play in the browser: landing page, campaign map, a level from its lesson to
 * its result, moves by drag and drop and by click-then-click, a refused move's
 * reason, the result screen and its replay, the daily challenge, the 16x64 stress set.
 */

const pinning = loadScenario(builtin('pinning'));

test('landing page explains the problem, runs the live demo and links everywhere', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'You are the load balancer.' })).toBeVisible();
  await expect(page.getByText('picking their nose', { exact: false })).toBeVisible();
  await expect(page.getByText('Peter Zijlstra on the Linux kernel mailing list')).toBeVisible();
  for (const [name, href] of [['Play the campaign', '/campaign'], ['Daily challenge', '/daily'], ['Host a class', '/host'], ['Join a class', '/join'], ['Leaderboards', '/leaderboard']] as const) {
    await expect(page.getByRole('main').getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
  }
  // The demo runs: its tick counter moves on by itself.
  const demo = page.getByTestId('pileup-demo');
  const tickText = demo.getByText(/^Tick \d+\/120\./);
  const first = await tickText.textContent();
  await expect(tickText).not.toHaveText(first ?? '');
  await shot(page, 'landing');
});

test('campaign map shows the levels; the first is open, later ones locked until a star', async ({ page }) => {
  await page.goto('/campaign');
  const map = page.getByTestId('level-map');
  const levels = map.locator('li[data-level]');
  expect(await levels.count()).toBeGreaterThanOrEqual(4);
  await expect(levels.nth(0).getByRole('link')).toBeVisible();
  await expect(levels.nth(1).getByText('locked', { exact: true })).toBeVisible();
  await expect(levels.nth(0).getByRole('img', { name: '0 of 3 stars' })).toBeVisible();
  await shot(page, 'campaign-map');
});

test('a level: lesson, a refused move with its reason, moves by drag and by click, result with stars, replay', async ({ page }) => {
  await page.goto('/campaign/pinning');
  await expect(page.getByTestId('lesson')).toContainText('migrate_disable');
  await page.getByTestId('start-level').click();
  const lane0 = page.locator('li[data-cpu="0"]');
  const lane1 = page.locator('li[data-cpu="1"]');

  // Step until L has entered its section (tick 2): it is pinned and carries the lock.
  for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
  await expect(page.getByTestId('tick')).toHaveText(`3/${pinning.duration}`);
  const chipL = lane0.locator('button[data-task="L"]');
  await expect(chipL).toHaveAttribute('data-pinned', 'true');

  // Click-then-click: L is refused, with the reason on the lane the player aimed at.
  await chipL.click();
  await expect(chipL).toHaveAttribute('aria-pressed', 'true');
  await lane1.getByRole('button', { name: 'Move L to CPU 1' }).click();
  await expect(lane1.getByRole('alert')).toContainText('Pinned');
  await shot(page, 'level-refused');

  // Drag and drop: H is still asleep ("Waking soon"); drop it on CPU 1 to choose where it wakes.
  const incomingH = page.getByRole('region', { name: 'Waking soon' }).locator('button[data-task="H"]');
  await incomingH.dragTo(lane1);
  await expect(incomingH).toContainText('→1');

  // Play to the end at top speed.
  await page.getByTestId('speed').selectOption('8');
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('result-screen')).toBeVisible({ timeout: 30_000 });

  const expected = simulate(pinning, { actions: [{ tick: 5, type: 'place', task: 'H', cpu: 1 }] }).result;
  await expect(page.getByTestId('result-score')).toHaveText(String(expected.score));
  await expect(page.getByTestId('result-screen').getByRole('img', { name: '3 of 3 stars' })).toBeVisible();
  // Par is the stored one (every job met on pinning): the run closes the whole gap from the kernel to it.
  // par.json, read as a file: Playwright's loader imports no JSON modules.
  const par = (JSON.parse(readFileSync('server/engine/levels/records/par.json', 'utf8')) as Record<string, { score: number }>).pinning;
  await expect(page.getByTestId('result-par')).toContainText(`Par ${par.score} (proven the best possible): your score is 100% of the way`);
  await expect(page.getByTestId('what-went-wrong')).toContainText('Every deadline met.');
  // The server re-simulated the run from its seed and action log and accepted it.
  await expect(page.getByTestId('submit-status')).toHaveText(/Verified by the server/);
  await shot(page, 'level-result');

  // The replay re-simulates the run to the same score, in place and from the server's copy.
  await page.getByTestId('watch-replay').click();
  await expect(page.getByTestId('replay-final-score')).toHaveText(String(expected.score));
  await page.getByRole('button', { name: '← Back to the result' }).click();
  await page.getByRole('link', { name: 'Shareable replay link' }).click();
  await expect(page).toHaveURL(/\/replay\?run=/);
  await expect(page.getByTestId('replay-final-score')).toHaveText(String(expected.score));
  await expect(page.getByTestId('replay-viewer').getByRole('alert')).toHaveCount(0);

  // Progress is kept: the map now shows three stars on this level.
  await page.goto('/campaign');
  await expect(page.locator('li[data-level="pinning"]').getByRole('img', { name: '3 of 3 stars' })).toBeVisible();
});

test('doing nothing under the kernel: the result says what went wrong', async ({ page }) => {
  await page.goto('/campaign/pile-up');
  await page.getByTestId('start-level').click();
  // Keys count once the game is on screen (its code may still be arriving when Start is pressed).
  await expect(page.getByTestId('tick')).toHaveText('0/120');
  // By tick 11 three pinned tasks wait behind T4 on CPU 0: the idle CPUs say so as it happens.
  for (let i = 0; i < 11; i++) await page.keyboard.press('n');
  await expect(page.getByTestId('tick')).toHaveText('11/120');
  await expect(page.locator('li[data-cpu="1"]')).toHaveAttribute('data-stranded', 'true');
  await expect(page.locator('li[data-cpu="1"]')).toContainText('idle: a pinned task waits elsewhere');
  await expect(page.locator('li[data-cpu="0"] button[data-pinned="true"]')).toHaveCount(3);
  await shot(page, 'pile-up-stranded');
  await page.getByTestId('finish').click();
  const result = page.getByTestId('result-screen');
  await expect(result).toBeVisible();
  await expect(page.getByTestId('what-went-wrong')).toContainText(/idled while T\d waited pinned on CPU 0/);
  await expect(result.getByRole('cell', { name: 'Linux 5.11+' })).toBeVisible();
  // The level's worked solution replays to the score the engine gives it.
  const solved = simulate(loadScenario(builtin('pile-up')), { actions: [...(SOLUTIONS['pile-up'] ?? [])] }).result;
  await page.getByTestId('watch-solution').click();
  await expect(page.getByTestId('replay-viewer')).toContainText('A worked solution');
  await expect(page.getByTestId('replay-final-score')).toHaveText(String(solved.score));
});

test('daily challenge: today\'s set, playable, with its leaderboard', async ({ page }) => {
  await page.goto('/daily?date=2026-11-24');
  await expect(page.getByTestId('lesson')).toContainText('Daily challenge · 2026-11-24');
  await expect(page.getByTestId('daily-board')).toBeVisible();
  await page.getByTestId('start-level').click();
  await expect(page.locator('li[data-cpu]')).toHaveCount(4);
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('result-screen')).toBeVisible();
  // Verified by the server, the run shows on today's board under the player's name; the name can be changed.
  await expect(page.getByTestId('submit-status')).toHaveText(/Verified by the server/);
  const name = (await page.getByTestId('player-name').textContent()) ?? '';
  expect(name).toMatch(/^Player \d{4}$/);
  await expect(page.getByTestId('daily-board').getByRole('cell', { name, exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'change' }).click();
  await page.getByLabel('Name on leaderboards').fill('Ada');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('player-name')).toHaveText('Ada');
  await shot(page, 'daily');
});

test('16 CPUs and 64 tasks: lanes and timeline keep up at 8x', async ({ page }) => {
  await page.goto('/play?scenario=gen-16x64-1');
  await page.getByTestId('start-level').click();
  await expect(page.locator('li[data-cpu]')).toHaveCount(16);
  await page.getByTestId('speed').selectOption('8');
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('tick')).toHaveText(/^(1\d\d|[2-9]\d\d)\/600$/, { timeout: 30_000 });
  await page.getByTestId('play-pause').click();
  await shot(page, 'stress-16x64');
});

// Offline, the browser itself logs every failed request (link prefetches, the submission) as a
// console error, so this test checks only for uncaught page errors.
plainTest('offline: a level still plays, the page says so, and the run is sent once back online', async ({ page, context }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto('/campaign/preemption');
  await page.getByTestId('start-level').click();
  // The game's code arrives just after the page (SoloLevel): a player reading the lesson has it
  // long before the connection drops; the test waits for it the same way.
  await page.waitForLoadState('networkidle');
  await context.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('result-screen')).toBeVisible();
  await expect(page.getByTestId('submit-status')).toHaveText(/server is unreachable/);
  await context.setOffline(false);
  await expect(page.getByTestId('offline-banner')).toBeHidden();
  await expect(page.getByTestId('submit-status')).toHaveText(/Verified by the server/);
  expect(pageErrors).toEqual([]);
});

test('the page links the web manifest and its icon, and public/ serves them', async ({ page, request }) => {
  await page.goto('/');
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  const iconHref = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect([manifestHref, iconHref]).toEqual(['/manifest.webmanifest', '/icon.svg']);
  const manifest = (await (await request.get(manifestHref!)).json()) as { icons: { src: string }[] };
  // /favicon.ico too: browsers ask for it by themselves (a 404 there is a console error).
  for (const src of [iconHref!, ...manifest.icons.map((i) => i.src), '/favicon.ico']) {
    const r = await request.get(src);
    expect([src, r.status(), r.headers()['content-type']]).toEqual([src, 200, expect.stringContaining('image/svg+xml')]);
  }
  expect(await (await request.get('/robots.txt')).text()).toContain('Disallow: /api/');
});

// A refused submission is answered with a 4xx, which the browser logs as a console error: no console guard.
plainTest("a refused submission shows the server's reason on the result screen", async ({ page }) => {
  await page.route('**/api/runs', (route) => route.fulfill({
    status: 429,
    contentType: 'application/json',
    headers: { 'retry-after': '42' },
    body: JSON.stringify({ error: { code: 'rate-limited', message: 'too many runs submitted from this address; try again in 42 s', retryAfterSeconds: 42 } }),
  }));
  await page.goto('/campaign/preemption');
  await page.getByTestId('start-level').click();
  await page.getByTestId('finish').click();
  await expect(page.getByTestId('submit-status')).toHaveText(/Not submitted: too many runs submitted from this address; try again in 42 s/);
});
