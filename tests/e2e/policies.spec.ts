/**
 * The policy editor (/policies) in real Chromium against the real server: an example
 * loaded into CodeMirror runs on a level (on the server's sandbox, in its worker pool),
 * the comparison with the bots and par shows, and the timeline of the policy and then of
 * a bot draws; a broken policy shows the sandbox's typed error and the page keeps
 * working; the draft survives a reload; axe finds nothing.
 */
import type { Page } from '@playwright/test';
import { expect, shot, test } from './helpers';
import { expectAccessible } from './helpers/a11y';

// The first run loads the compiler and QuickJS in a worker: slow on a busy machine.
test.describe.configure({ timeout: 240_000 });

/** Replaces the editor's whole text by typing (CodeMirror: select all, then type). */
async function typeSource(page: Page, text: string) {
  const editor = page.getByTestId('policy-source');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('run an example on a level: the comparison, the timelines; a broken policy shows its typed error', async ({ page, consoleProblems }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
  await expect(page.getByRole('heading', { name: 'Policy editor', level: 1 })).toBeVisible();
  await expect(page.getByTestId('policy-types')).toContainText('export interface PolicyView');
  await expect(page.getByTestId('policy-source')).toBeVisible({ timeout: 60_000 });
  await expectAccessible(page, 'policy editor: empty');

  await page.getByTestId('policy-example').selectOption('least-loaded.ts');
  await expect(page.getByTestId('policy-source')).toContainText("export const name = 'least-loaded';");
  await page.getByTestId('policy-level').selectOption('pile-up');
  await page.getByTestId('policy-run').click();

  const results = page.getByTestId('policy-results');
  await expect(results).toBeVisible({ timeout: 180_000 });
  await expect(results.getByRole('heading')).toContainText('least-loaded on');
  const rows = page.getByTestId('policy-row');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(0)).toHaveAttribute('data-run', 'policy');
  for (const id of ['sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global', 'par']) await expect(page.locator(`[data-testid="policy-row"][data-run="${id}"]`)).toHaveCount(1);
  // least-loaded reaches par on pile-up (README, Sandbox): the same score on both rows.
  const mine = await rows.nth(0).getByTestId('score').textContent();
  await expect(page.locator('[data-testid="policy-row"][data-run="par"]').getByTestId('score')).toHaveText(mine!);
  await expect(rows.nth(0).getByRole('img', { name: /of 3 stars/ })).toBeVisible();

  const timeline = page.getByTestId('policy-timeline');
  await expect(timeline).toHaveAttribute('data-run', 'policy');
  await expect(timeline.locator('canvas')).toBeVisible();
  await page.getByRole('button', { name: /Timeline of Sticky/ }).click();
  await expect(timeline).toHaveAttribute('data-run', 'sticky');
  await expect(timeline).toContainText('Sticky');
  await expectAccessible(page, 'policy editor: results');
  await shot(page, 'policies');

  // Code that exports no policy: the sandbox's typed load error, and the page still works.
  await typeSource(page, 'const nothing = 1;\n');
  await page.getByTestId('policy-run').click();
  const error = page.getByTestId('policy-error');
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toHaveAttribute('data-kind', 'exports');
  await expect(error).toContainText('cannot run as a policy (exports)');

  // A syntax error: its line and column.
  await typeSource(page, 'export function balance() {\n  return [1 2];\n}\n');
  await page.getByTestId('policy-run').click();
  await expect(error).toHaveAttribute('data-kind', 'syntax', { timeout: 60_000 });
  await expect(error).toContainText('line 2, column');

  // Chromium logs every 4xx answer to the console; these two refusals are the ones this test asked for, nothing else.
  const refusals = consoleProblems.filter((p) => /status of 400 \(Bad Request\) @ \S+\/api\/policies\/run$/.test(p.text));
  expect(refusals).toHaveLength(2);
  for (const r of refusals) consoleProblems.splice(consoleProblems.indexOf(r), 1);

  // A policy that throws during the run: its fault, with tick and call, and the comparison still shows.
  await typeSource(page, 'export function balance() {\n  throw new Error("boom");\n}\n');
  await page.getByTestId('policy-run').click();
  await expect(page.getByTestId('policy-fault')).toContainText('threw in balance() at tick 0', { timeout: 60_000 });
  await expect(error).toHaveCount(0);
  await expect(rows).toHaveCount(6);

  // A pasted scenario: checked in the page first, then run on the server with a seed of its own.
  await page.getByTestId('policy-paste-mode').check();
  await page.getByTestId('policy-pasted').fill('{ not json');
  await expect(page.getByTestId('policy-scenario-error')).toContainText('not valid JSON');
  await expect(page.getByTestId('policy-run')).toBeDisabled();
  const level = (await (await page.request.get('/api/scenarios/idle-cpus')).json()) as { scenario: { json: object } };
  await page.getByTestId('policy-pasted').fill(JSON.stringify({ ...level.scenario.json, slug: 'my-idle-cpus', title: 'My idle CPUs' }));
  await page.getByTestId('policy-seed').fill('7');
  await typeSource(page, 'export const selectCpu = (view, task) => ({ cpu: view.tasks[task].cpu, rule: "policy" });\n');
  await page.getByTestId('policy-run').click();
  await expect(results.getByRole('heading')).toContainText('on My idle CPUs (seed 7)', { timeout: 60_000 });
  await expect(page.getByTestId('policy-fault')).toHaveCount(0);

  // The draft survives a reload.
  await page.reload();
  await expect(page.getByTestId('policy-source')).toContainText('rule: "policy"', { timeout: 60_000 });
  await expect(page.getByTestId('policy-pasted')).toHaveValue(/my-idle-cpus/);
  await expect(page.getByTestId('policy-seed')).toHaveValue('7');
});
