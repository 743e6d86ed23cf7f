import { LAB_BOTS } from '../../app/lib/lab';
import { expect, shot, test } from './helpers';

/** The lab: a batch of generated task sets under every balancer, in the browser. */
test('the lab runs a batch and reports every balancer at every share of MD jobs', async ({ page }) => {
  await page.goto('/lab');
  await expect(page.getByRole('heading', { name: 'Lab' })).toBeVisible();
  await expect(page.getByText('No results yet')).toBeVisible();
  await page.getByLabel('Task sets per share').fill('2');
  await page.getByLabel('Ticks per run').fill('500');
  await page.getByRole('button', { name: 'Run the batch' }).click();
  await expect(page.getByRole('button', { name: 'Run the batch' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('lab-progress')).toHaveCount(0);

  const rows = page.getByTestId('lab-row');
  // Five shares of MD jobs x every balancer the lab runs (the baselines and the candidates).
  await expect(rows).toHaveCount(5 * LAB_BOTS.length);
  expect(LAB_BOTS).toContain('shift');
  // Physics, not decoration: nothing strands without MD sections; greedy-global (nothing pinned) never strands.
  for (const r of await page.locator('[data-testid="lab-row"][data-share="0"]').all()) await expect(r.getByTestId('stranded')).toHaveText('0.0');
  for (const r of await page.locator('[data-testid="lab-row"][data-bot="greedy-global"]').all()) await expect(r.getByTestId('stranded')).toHaveText('0.0');
  for (const r of await page.locator('[data-testid="lab-row"][data-bot="greedy-global"]').all()) await expect(r.getByTestId('wasted')).toHaveText('0.0');
  await expect(page.getByRole('img', { name: /one line per balancer/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /^data:text\/csv/);
  await shot(page, 'lab');
});
