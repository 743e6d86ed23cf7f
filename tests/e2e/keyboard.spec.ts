import type { Page } from '@playwright/test';
import { expect, shot, test } from './helpers';

/** Everything in a level can be done from the keyboard alone, with a visible focus. */

async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('keyboard only: start, step, select a task, send it to a CPU by its number, play and pause', async ({ page }) => {
  await page.goto('/campaign/pinning');
  await tabTo(page, '[data-testid="start-level"]');
  // The focused element shows a visible outline.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  // The Start button is gone: the focus moved to the board (the CPU lanes), not to the page.
  await expect(page.getByTestId('cpu-lanes')).toBeFocused();

  // N steps one tick.
  await expect(page.getByTestId('tick')).toHaveText('0/60');
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await expect(page.getByTestId('tick')).toHaveText('2/60');

  // H sleeps until tick 5: Tab to it, Enter selects it, "1" sends it to CPU 1.
  await tabTo(page, 'button[data-task="H"]');
  await page.keyboard.press('Enter');
  await expect(page.locator('button[data-task="H"]')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('1');
  await expect(page.locator('button[data-task="H"]')).toContainText('→1');
  await expect(page.getByTestId('announce')).toHaveText('H → CPU 1');

  // Steps on with the focus on H: when H wakes it moves from "Waking soon" to CPU 1's lane, and the focus follows it.
  for (let i = 0; i < 4; i++) await page.keyboard.press('n');
  await expect(page.getByTestId('tick')).toHaveText('6/60');
  await expect(page.locator('li[data-cpu="1"] button[data-task="H"]')).toBeFocused();

  // Escape cancels a selection.
  await tabTo(page, 'button[data-task="L"]');
  await page.keyboard.press('Enter');
  await expect(page.locator('button[data-task="L"]')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(page.locator('button[data-task="L"]')).toHaveAttribute('aria-pressed', 'false');

  // A refused move by keyboard is announced with its reason.
  await tabTo(page, 'button[data-task="L"]');
  await page.keyboard.press('Enter');
  await page.keyboard.press('1');
  await expect(page.locator('li[data-cpu="1"]').getByRole('alert')).toContainText('Pinned');
  await expect(page.getByTestId('announce')).toContainText('refused');

  // P plays and pauses; ] speeds up.
  await page.keyboard.press(']');
  await expect(page.getByTestId('speed')).toHaveValue('2');
  await page.keyboard.press('p');
  await expect(page.getByTestId('play-pause')).toHaveText(/Pause/);
  await expect(page.getByTestId('tick')).not.toHaveText('6/60');
  await page.keyboard.press('p');
  await expect(page.getByTestId('play-pause')).toHaveText(/Play/);
  await shot(page, 'keyboard');
});

test('16 CPUs: two digits choose CPU 10 to 15, Enter takes one digit alone, a CPU that does not exist is refused', async ({ page }) => {
  await page.goto('/play?scenario=gen-16x64-1');
  await expect(page.getByTestId('start-level')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cpu-lanes')).toBeFocused();
  await expect(page.locator('li[data-cpu]')).toHaveCount(16);
  for (let i = 0; i < 3; i++) await page.keyboard.press('n');
  await expect(page.getByTestId('tick')).toHaveText('3/600');

  const chip = page.getByTestId('cpu-lanes').locator('button[data-task][data-pinned="false"]:not([disabled])').first();
  const task = (await chip.getAttribute('data-task')) ?? '';
  const select = async () => {
    await page.locator(`button[data-task="${task}"]`).first().focus();
    await page.keyboard.press('Enter');
    await expect(page.locator(`button[data-task="${task}"]`).first()).toHaveAttribute('aria-pressed', 'true');
  };
  const announce = page.getByTestId('announce');

  // "1" then "2": CPU 12 (moved, or refused with its reason: either way CPU 12 is the target).
  await select();
  await page.keyboard.press('1');
  await expect(page.getByTestId('typed-cpu')).toHaveText('1');
  await page.keyboard.press('2');
  await expect(announce).toContainText(`${task} → CPU 12`);

  // "1" then Enter: CPU 1 at once, and Enter does not also click the focused chip.
  await select();
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(announce).toContainText(`${task} → CPU 1`);
  await expect(announce).not.toContainText('CPU 12');
  await expect(page.locator(`button[data-task="${task}"]`).first()).toHaveAttribute('aria-pressed', 'false');

  // "1" then "7": there is no CPU 17; the task stays selected for another try.
  await select();
  await page.keyboard.press('1');
  await page.keyboard.press('7');
  await expect(announce).toHaveText('There is no CPU 17: this machine has CPU 0 to 15.');
  await expect(page.locator(`button[data-task="${task}"]`).first()).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(page.locator(`button[data-task="${task}"]`).first()).toHaveAttribute('aria-pressed', 'false');
});

test('reduced motion: the landing demo does not animate until asked', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/');
  const demo = page.getByTestId('pileup-demo');
  await expect(demo.getByText(/^Tick 120\/120\./)).toBeVisible();
  await expect(demo.getByRole('button', { name: '▶ Play demo' })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
