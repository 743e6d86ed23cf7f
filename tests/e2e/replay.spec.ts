import { loadScenario, scenarioToJson, simulate, type Action } from '../../server/engine';
import { test as plainTest } from '@playwright/test';
import { readBuiltinFile } from '../../scripts/builtin-files';
import { expect, shot, test } from './helpers';

/** A built-in scenario file by slug (Playwright's loader does not import JSON modules). */
function builtin(slug: string): unknown {
  const found = readBuiltinFile(slug);
  if (!found) throw new Error(`no built-in scenario ${slug}`);
  return found.json;
}

/** The replay viewer: a pasted replay re-simulated in the browser, with play, pause, scrub, step and speed. */

const scenario = loadScenario(builtin('pile-up'));
const actions: Action[] = [
  { tick: 3, type: 'place', task: 'T2', cpu: 1 },
  { tick: 7, type: 'migrate', task: 'T3', cpu: 2 },
];
const expected = simulate(scenario, { seed: 1, actions }).result;

test('a pasted replay: same final score as the engine, scrub, step, play, pause, speed', async ({ page }) => {
  await page.goto('/replay');
  await page.getByTestId('replay-json').fill(JSON.stringify({ scenario: scenarioToJson(scenario), seed: 1, actions, score: expected.score }));
  await page.getByTestId('replay-load').click();
  const viewer = page.getByTestId('replay-viewer');
  await expect(viewer).toBeVisible();
  await expect(page.getByTestId('replay-final-score')).toHaveText(String(expected.score));
  await expect(viewer.getByRole('alert')).toHaveCount(0);

  // Scrub to the end: the score bar shows the run's final score.
  await page.getByTestId('replay-scrub').fill(String(scenario.duration));
  await expect(page.getByTestId('tick')).toHaveText(`${scenario.duration}/${scenario.duration}`);
  await expect(page.getByTestId('score')).toHaveText(String(expected.score));

  // Scrub back, then step one tick: the player's place of T2 at tick 3 is visible at tick 4.
  await page.getByTestId('replay-scrub').fill('3');
  await expect(page.getByTestId('tick')).toHaveText(`3/${scenario.duration}`);
  await expect(page.locator('li[data-cpu="1"] button[data-task="T2"]')).toHaveCount(0);
  await page.getByTestId('replay-step').click();
  await expect(page.getByTestId('tick')).toHaveText(`4/${scenario.duration}`);
  await expect(page.locator('li[data-cpu="1"] button[data-task="T2"]')).toBeVisible();
  await expect(page.getByTestId('event-log')).toBeHidden(); // collapsed until opened
  await page.getByText('Timeline as text').click();
  await expect(page.getByTestId('event-log')).toContainText('tick 3: you woke T2 on CPU 1 instead of CPU 0');
  // Only what happened before the cursor is listed (T3's move comes at tick 7).
  await expect(page.getByTestId('event-log')).not.toContainText('moved T3');

  // Play at 8x until the end; pause works in between.
  await page.getByTestId('replay-speed').selectOption('8');
  await page.getByTestId('replay-play').click();
  await expect(page.getByTestId('replay-play')).toHaveText(/Pause/);
  await expect(page.getByTestId('tick')).toHaveText(`${scenario.duration}/${scenario.duration}`, { timeout: 30_000 });
  await expect(page.getByTestId('replay-play')).toHaveText(/Play/);
  await expect(page.getByTestId('score')).toHaveText(String(expected.score));
  await shot(page, 'replay');
});

test('a replay whose claimed score does not match is flagged; bad JSON is explained', async ({ page }) => {
  await page.goto('/replay');
  await page.getByTestId('replay-json').fill('{ not json');
  await page.getByTestId('replay-load').click();
  await expect(page.getByTestId('replay-error')).toHaveText(/not valid JSON/);
  await page.getByTestId('replay-json').fill(JSON.stringify({ scenario: scenarioToJson(scenario), seed: 1, actions, score: expected.score + 5 }));
  await page.getByTestId('replay-load').click();
  await expect(page.getByTestId('replay-viewer').getByRole('alert')).toContainText(`not the ${expected.score + 5} it claims`);
});

// The browser logs every 404 answer as a console error, and a 404 is the right answer here,
// so this one test runs without the console guard.
plainTest('an unknown run id says so, with a retry', async ({ page }) => {
  await page.goto('/replay?run=no-such-run');
  await expect(page.getByTestId('replay-error')).toContainText('no-such-run');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});
