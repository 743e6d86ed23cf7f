import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parseScenario } from '../../server/engine';
import { previewBots, runBot } from '../../app/lib/editorPreview';
import { expect, shot, test } from './helpers';

/**
 * The scenario editor: a small level built in the form, an error shown at its field as
 * it is typed and gone once fixed, the live preview (a Web Worker) following an edit,
 * JSON export and re-import (and broken JSON placed by line and column), and the draft
 * surviving a reload.
 */

/** Every bot's score in the preview, once the preview has finished the current draft. */
async function scores(page: Page): Promise<string> {
  const preview = page.getByTestId('preview');
  await expect(preview).toHaveAttribute('data-state', 'done');
  // The scenario's balancer (linux-rt-511) is a baseline: four bots.
  await expect(preview.locator('tbody tr[data-testid^="preview-"]')).toHaveCount(4);
  return (await preview.getByTestId('score').allTextContents()).join(',');
}

test('build a level, see every error at its field, the preview follow, export, import and reload', async ({ page }) => {
  await page.goto('/editor');
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();

  // A blank draft: 2 CPUs, 2 tasks; keep one migrate_disable() section (task t0's).
  await page.getByRole('button', { name: 'New draft' }).click();
  await page.getByLabel('Title', { exact: true }).fill('E2E level');
  await page.getByLabel('Slug (its name in links)').fill('e2e-level');
  await page.getByLabel('CPUs', { exact: true }).fill('2');
  await page.getByRole('button', { name: 't1 segment 2: md section (migrate_disable()), switch to run' }).click();
  await expect(page.getByRole('button', { name: 't1 segment 2: run section, switch to md' })).toBeVisible();
  await page.getByRole('button', { name: 't0: + run (add a run section)' }).click();
  await expect(page.getByTestId('task-row-0').getByRole('button', { name: /segment \d: md section/ })).toHaveCount(1);
  await expect(page.getByTestId('task-row-1').getByRole('button', { name: /segment \d: md section/ })).toHaveCount(0);
  await expect(page.getByTestId('error-summary')).toHaveAttribute('data-count', '0');
  const before = await scores(page);

  // Home CPU 3 on a 2-CPU machine: the engine's message, next to that field, and in the summary.
  const homeCpu = page.getByLabel('t1 home CPU');
  await homeCpu.fill('3');
  const cpuError = page.getByTestId('error-tasks[1].cpu');
  await expect(cpuError).toContainText('CPU 3 does not exist (cpus is 2)');
  await expect(homeCpu).toHaveAttribute('aria-invalid', 'true');
  // Every error at once: a second mistake elsewhere shows beside the first.
  await page.getByLabel('Duration (ticks)').fill('abc');
  await expect(page.getByTestId('error-duration')).toContainText('duration must be a number');
  await expect(cpuError).toBeVisible();
  await expect(page.getByTestId('error-summary')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('preview')).toContainText('waits for a valid scenario');
  await homeCpu.fill('1');
  await page.getByLabel('Duration (ticks)').fill('200');
  await expect(cpuError).toHaveCount(0);
  await expect(page.getByTestId('error-duration')).toHaveCount(0);
  await expect(homeCpu).not.toHaveAttribute('aria-invalid', 'true');

  // A first run section longer than t0's deadline: jobs miss, and the bots' scores change.
  // Two edits in a row: the second supersedes the first's preview.
  await page.getByLabel('t0 segment 1 length').fill('40');
  await page.getByLabel('t0 segment 1 length').fill('24');
  await expect.poll(() => scores(page), { timeout: 60_000 }).not.toBe(before);
  await expect(page.locator('[data-testid="preview"] canvas').first()).toBeVisible();
  await shot(page, 'editor');

  // Export, change the draft, import the export: the form is back to the exported level.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: number; title: string; cpus: number; tasks: { cpu: number; body: unknown[] }[] };
  expect(exported).toMatchObject({ format: 1, title: 'E2E level', cpus: 2 });
  expect(exported.tasks).toHaveLength(2);
  expect(exported.tasks[0].body).toEqual([{ run: 24 }, { md: 2 }, { run: 1 }, { run: 2 }]);
  expect(exported.tasks[1].cpu).toBe(1);
  // The preview shows this draft's figures: the engine, run here in Node on the exported file, agrees.
  const parsed = parseScenario(exported);
  if (!parsed.ok) throw new Error(`exported draft invalid: ${parsed.errors[0]?.message}`);
  expect(await scores(page)).toBe(previewBots(parsed.value).map((b) => runBot(parsed.value, b).score).join(','));
  await page.getByLabel('Title', { exact: true }).fill('Something else');
  await page.getByTestId('import-file').setInputFiles(file);
  await expect(page.getByTestId('json-text')).toHaveValue(/"title": "E2E level"/);
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('E2E level');
  await expect(page.getByLabel('t0 segment 1 length')).toHaveValue('24');

  // Broken JSON pasted in the JSON tab: where it broke, by line and column.
  await page.getByRole('tab', { name: 'JSON' }).click();
  await page.getByTestId('json-text').fill('{\n  "format": 1,\n  "title": "x",\n}');
  await expect(page.getByTestId('json-errors')).toContainText('line 4, column 1: broken JSON');
  await page.getByRole('tab', { name: 'Form' }).click();

  // The draft survives a reload.
  await page.reload();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('E2E level');
  await expect(page.getByLabel('t1 home CPU')).toHaveValue('1');
  await expect(page.getByLabel('t0 segment 1 length')).toHaveValue('24');
  await scores(page);
});
