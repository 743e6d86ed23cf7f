import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download, Page } from '@playwright/test';
import { cliCommand, LAB_BOTS } from '../../app/lib/lab';
import { experimentSchema } from '../../server/engine/experiment';
import { labCliArgs, labCliCsv } from '../helpers/lab-cli';
import { expect, shot, test } from './helpers';

/** The lab: the command-line lab's experiment, edited and run in the browser (built-in bots in a Web Worker, policies on the server). */

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = async (d: Download) => readFileSync(await d.path());

async function download(page: Page, button: string): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).first().click()]);
  return d;
}

async function runAndWait(page: Page) {
  await page.getByRole('button', { name: 'Run the batch' }).click();
  await expect(page.getByRole('button', { name: 'Download CSV' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('lab-progress')).toHaveCount(0);
}

async function loadExperiment(page: Page, json: object) {
  await page.getByText('Experiment JSON (import or export)').click();
  await page.getByLabel(/^Experiment JSON \(the file/).fill(JSON.stringify(json));
  await page.getByRole('button', { name: 'Load this JSON' }).click();
}

test('the default chart shows wasted CPU time beside misses, differing between balancers, and exports as SVG and PNG', async ({ page }) => {
  await page.goto('/lab');
  await expect(page.getByRole('heading', { name: 'Lab' })).toBeVisible();
  await expect(page.getByText('No results yet')).toBeVisible();
  await page.getByLabel('MD shares').fill('0, 1');
  await page.getByLabel('Task sets per cell').fill('2');
  await page.getByLabel('Ticks per run').fill('500');
  await runAndWait(page);

  // Two shares x every built-in balancer (baselines and the five candidates).
  await expect(page.getByTestId('lab-row')).toHaveCount(2 * LAB_BOTS.length);
  // Physics, not decoration: nothing strands without MD sections; greedy-global (nothing pinned) never wastes a CPU.
  for (const r of await page.locator('[data-testid="lab-row"][data-share="0"]').all()) await expect(r.getByTestId('stranded')).toHaveText('0.0');
  for (const r of await page.locator('[data-testid="lab-row"][data-bot="greedy-global"]').all()) await expect(r.getByTestId('wasted')).toHaveText('0.0');
  const stickyWasted = Number(await page.locator('[data-testid="lab-row"][data-bot="sticky"][data-share="1"]').getByTestId('wasted').textContent());
  expect(stickyWasted).toBeGreaterThan(0);

  // The default chart: wasted CPU time first, misses beside it; the balancers' wasted lines differ.
  const chart = page.getByRole('img', { name: /Wasted per 1,000 CPU-ticks and Missed deadlines \(%\) by share of jobs/ });
  await expect(chart).toBeVisible();
  const wastedLines = await chart.locator('[data-metric="wastedPerK"] g[data-bot] polyline').evaluateAll((ls) => ls.map((l) => l.getAttribute('points')));
  // Sticky (never migrates) is left out of the chart by default: it would flatten the others' differences.
  expect(wastedLines).toHaveLength(LAB_BOTS.length - 1);
  expect(new Set(wastedLines).size).toBeGreaterThan(1);
  await page.getByRole('checkbox', { name: 'Sticky (never migrates)' }).last().check();
  await expect(chart.locator('[data-metric="wastedPerK"] g[data-bot]')).toHaveCount(LAB_BOTS.length);
  await expect(chart.locator('[data-metric="missPct"]')).toHaveCount(1);

  const svg = (await read(await download(page, 'Download SVG'))).toString('utf8');
  expect(svg).toMatch(/^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('Wasted per 1,000 CPU-ticks');
  const png = await read(await download(page, 'Download PNG'));
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(2000);
  await shot(page, 'lab');
});

test('the exported experiment JSON and the reproduce line run on the command line and give the CSV the page downloads', async ({ page }) => {
  const experiment = { cpus: 2, tasks: 5, utilisation: [0.6, 0.9], mdShares: [0.5], sets: 2, firstSeed: 3, duration: 300, bots: ['sticky', 'linux-rt-511', 'shift'] };
  await page.goto('/lab');
  await loadExperiment(page, experiment);
  await expect(page.getByLabel('Utilisations')).toHaveValue('0.6, 0.9');
  const line = (await page.getByTestId('lab-cli').textContent())!;
  expect(line).toBe(cliCommand(experimentSchema.parse(experiment)));
  await runAndWait(page);
  // Utilisation on the x axis: one chart per share.
  await page.getByLabel('X axis').selectOption('utilisation');
  await expect(page.getByRole('img', { name: /by target utilisation/ })).toBeVisible();

  const csv = (await read(await download(page, 'Download CSV'))).toString('utf8');
  const json = (await read(await download(page, 'Download experiment JSON'))).toString('utf8');
  expect(csv.split('\n')).toHaveLength(2 * 2 * 3 + 2);
  const [fromJson, fromLine] = await Promise.all([
    labCliCsv(json),
    labCliArgs(line.replace(/^npm run lab -- /, '').split(' ')),
  ]);
  expect(fromJson).toBe(csv);
  expect(fromLine).toBe(csv);
});

test('your policy runs on the server and its rows join the table; bad code is refused with the sandbox\'s error', async ({ page, consoleProblems }) => {
  await page.goto('/lab');
  await loadExperiment(page, { cpus: 2, tasks: 4, utilisation: [0.8], mdShares: [1], sets: 1, duration: 200, bots: ['sticky'] });
  await page.getByText(/^Your policy/).click();
  await page.getByLabel('Policy source').fill('export function balance( {');
  await page.getByRole('button', { name: 'Add to the experiment' }).click();
  await page.getByRole('button', { name: 'Run the batch' }).click();
  await expect(page.getByTestId('lab-error')).toContainText(/Your policy: syntax: /);
  // The refusal is the answer under test: the browser logs the 400 itself, and only that one is expected.
  const seen = consoleProblems.splice(0);
  expect(seen.map((p) => p.text)).toEqual([expect.stringMatching(/status of 400 .*\/api\/lab\/policy$/)]);

  await page.getByLabel('Policy source').fill(readFileSync(path.join(root, 'examples/policies/least-loaded.ts'), 'utf8'));
  await page.getByRole('button', { name: 'Add to the experiment' }).click();
  await expect(page.getByTestId('lab-cli')).toContainText('--bots sticky,policy:my-policy.ts');
  await runAndWait(page);
  await expect(page.locator('[data-testid="lab-row"][data-bot="policy:my-policy.ts"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="lab-row"][data-bot="sticky"]')).toHaveCount(1);
});

test('your own task set: every chosen bot and par on a scenario file; a bad file is refused naming the field', async ({ page }) => {
  await page.goto('/lab');
  await page.getByText('Your own task set').click();
  const level = JSON.parse(readFileSync(path.join(root, 'server/engine/levels/04-pile-up.json'), 'utf8')) as Record<string, unknown>;
  await page.getByLabel('Scenario JSON').fill(JSON.stringify({ ...level, cpus: 0 }));
  await page.getByRole('button', { name: 'Run on my task set' }).click();
  await expect(page.getByTestId('own-error')).toContainText('cpus');
  await page.getByLabel('Scenario JSON').fill(JSON.stringify(level));
  await page.getByRole('button', { name: 'Run on my task set' }).click();
  await expect(page.getByTestId('own-row')).toHaveCount(LAB_BOTS.length);
  await expect(page.getByTestId('own-par')).toContainText(/\d+ \(bound \d+/, { timeout: 60_000 });
});
