import { BOT_NAMES } from '../../server/engine';
import { expect, shot, test } from './helpers';

/**
 * The arena in the browser: a small policy is submitted, evaluated on the (test-sized) hidden
 * suite and ranked on the board beside the built-in bots; its page lists its per-set results
 * and one set's replay draws the run on the timeline. scripts/e2e-server.mjs makes the suite small.
 */
test('submit a policy, see it ranked among the bots, open its per-set results and a replay', async ({ page }) => {
  await page.goto('/arena');
  await expect(page.getByRole('heading', { name: 'Arena of balancers', level: 1 })).toBeVisible();
  await expect(page.getByTestId('arena-suite')).toContainText('Seeds: hidden');
  // Every built-in bot is on the board, marked as such.
  const board = page.getByTestId('arena-board');
  await expect(board.getByText('built-in')).toHaveCount(BOT_NAMES.length);

  // (Refusals are tested over HTTP in tests/integration/http/arena.test.ts: a 400 is a console error here.)
  // The form's example policy, under a name of ours.
  const name = `e2e puller ${Date.now() % 100000}`;
  await page.getByTestId('arena-name').fill(name);
  await page.getByTestId('arena-code').fill([
    'export const name = "e2e";',
    'export function balance(view) {',
    '  const out = [];',
    '  for (let c = 0; c < view.cpus.length; c++) {',
    '    if (view.cpus[c].queue.length > 0) continue;',
    '    for (const rq of view.cpus) {',
    '      const t = rq.queue.find((t) => t !== rq.running && !view.tasks[t].pinned && view.tasks[t].affinity.includes(c) && !out.some((m) => m.task === t));',
    '      if (t !== undefined) { out.push({ task: t, cpu: c }); break; }',
    '    }',
    '  }',
    '  return out;',
    '}',
  ].join('\n'));
  await page.getByTestId('arena-description').fill('idle CPUs pull');
  await page.getByTestId('arena-submit').click();
  await expect(page.getByTestId('arena-answer')).toContainText('queued for evaluation');
  await expect(page.getByTestId('arena-mine')).toContainText(name);

  // The board refreshes itself until the entry is ranked.
  const row = board.locator('[data-testid="arena-row"]', { hasText: name });
  await expect(row.getByTestId('arena-status')).toHaveText('Ranked', { timeout: 75_000 });
  await expect(page.getByTestId('arena-mine-status')).toHaveText('Ranked');
  const ranks = await board.locator('[data-testid="arena-row"] td:first-child').allTextContents();
  expect(ranks.filter((r) => r !== '—').length).toBeGreaterThan(1);
  await shot(page, 'arena');

  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId('arena-entry-status')).toContainText(/Rank \d+/);
  await expect(page.getByTestId('arena-set-row')).toHaveCount(4);
  await expect(page.getByTestId('arena-entry-code')).toContainText('export function balance(view)');
  await shot(page, 'arena-entry');

  await page.getByRole('link', { name: 'Replay set 2' }).click();
  await expect(page.getByRole('heading', { name: `${name}: set 2` })).toBeVisible();
  await expect(page.getByTestId('arena-replay-figures')).toContainText('missed');
  await expect(page.getByTestId('timeline')).toBeVisible();
  await page.getByTestId('arena-replay-scrub').fill('150');
  await shot(page, 'arena-replay');
});
