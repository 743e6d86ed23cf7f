import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { generateScenario, loadScenario, Session } from '../../server/engine';
import { playOrders, type StandingOrder } from '../../server/engine/orders';
import { readBuiltinFile } from '../../scripts/builtin-files';
import { expect, shot, test } from './helpers';

/**
 * Issue 11 (play and classroom), items 1 and 2: a newcomer is not beaten by the clock
 * (paced levels, auto-pause, next decision), long levels can be played with standing
 * orders that the server verifies like any run, and the timeline stays readable at
 * 16 CPUs over 1,000 ticks on a laptop screen.
 */

function builtin(slug: string) {
  const found = readBuiltinFile(slug);
  if (!found) throw new Error(`no built-in scenario ${slug}`);
  return loadScenario(found.json);
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}

async function tickOf(page: Page): Promise<number> {
  return Number(((await page.getByTestId('tick').textContent()) ?? '').split('/')[0]);
}

test('level 1 opens paused on its first decision; next decision steps to the next one; rule codes are explained', async ({ page }) => {
  await page.goto('/campaign/preemption');
  // The lesson's rule codes are links to plain words, shown on hover and on keyboard focus.
  const r6 = page.getByTestId('lesson-text').locator('a[data-rule="R6"]');
  await expect(r6).toHaveAttribute('href', '#rule-R6');
  const tipId = await r6.getAttribute('aria-describedby');
  const tip = page.locator(`[id="${tipId}"]`);
  await expect(tip).toBeHidden();
  await r6.focus();
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('When pushes happen');
  await expect(page.getByTestId('rule-glossary').locator('#rule-R4')).toBeVisible();
  await page.getByTestId('lesson-text').locator('a[data-rule="R4"]').hover();
  await expect(page.getByTestId('lesson-text').getByRole('tooltip').filter({ hasText: 'Push a waiting task' })).toBeVisible();

  await page.getByTestId('start-level').click();
  // Not a second of play lost: the level waits at tick 10, where H wakes on the CPU L runs on.
  await expect(page.getByTestId('tick')).toHaveText('10/60');
  await expect(page.getByTestId('play-pause')).toHaveText(/Play/);
  await expect(page.getByTestId('decision')).toContainText('H wakes now, and CPU 0, where it last ran, is busy with L');
  await expect(page.getByTestId('auto-pause')).toBeChecked();
  await shot(page, 'pacing-first-decision');

  // Next decision: H took CPU 0 from L, and CPU 1 idles while L waits.
  await page.getByTestId('next-event').click();
  await expect(page.getByTestId('tick')).toHaveText('11/60');
  await expect(page.getByTestId('decision')).toContainText('CPU 1 is idle while L shares CPU 0');
  // The key E does the same; with nothing left to decide it runs to the end.
  await page.keyboard.press('e');
  await expect(page.getByTestId('result-screen')).toBeVisible();

  // Restart: back on the first decision; this time H is woken on the idle CPU, then Play runs to the end.
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('tick')).toHaveText('10/60');
  await page.getByRole('region', { name: 'Waking soon' }).locator('button[data-task="H"]').click();
  await page.keyboard.press('1');
  await expect(page.getByTestId('decision')).toBeHidden();
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('result-screen')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('result-screen').getByRole('img', { name: '3 of 3 stars' })).toBeVisible();
  await expect(page.getByTestId('what-went-wrong')).toContainText('You made 1 move (1 wakeup placement); the kernel made 0.');
});

test('auto-pause on the pile-up: each waker stops the clock, three placements are three moves', async ({ page }) => {
  const pileUp = builtin('pile-up');
  await page.goto('/campaign/pile-up');
  await page.getByTestId('start-level').click();
  await expect(page.getByTestId('auto-pause')).toBeChecked();
  await page.getByTestId('speed').selectOption('8');
  const waking = page.getByRole('region', { name: 'Waking soon' });
  // The worked solution: each waker onto its own idle CPU the tick it wakes.
  for (const [task, cpu, at] of [['T2', 1, 3], ['T3', 2, 6], ['T4', 3, 9]] as const) {
    await page.getByTestId('play-pause').click();
    await expect(page.getByTestId('decision')).toContainText(`${task} wakes now`);
    await expect(page.getByTestId('tick')).toHaveText(`${at}/${pileUp.duration}`);
    await waking.locator(`button[data-task="${task}"]`).click();
    await page.keyboard.press(String(cpu));
    // The pending badge sits beside the priority, never over it.
    const chip = waking.locator(`button[data-task="${task}"]`);
    const [prio, pending] = [await box(chip.getByTestId('chip-priority')), await box(chip.getByTestId('chip-pending'))];
    expect(prio.x + prio.width <= pending.x || pending.x + pending.width <= prio.x).toBe(true);
    await expect(chip.getByTestId('chip-priority')).toHaveText(String(pileUp.tasks.find((t) => t.id === task)?.priority));
  }
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('result-screen')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('what-went-wrong')).toContainText('You made 3 moves (3 wakeup placements); the kernel made');
  await expect(page.getByTestId('submit-status')).toHaveText(/Verified by the server/);
});

test('standing orders play the open problem; the server verifies the run they produced', async ({ page, request }) => {
  const open = builtin('open-problem');
  const orders: StandingOrder[] = [{ rule: 'wake-idle' }, { rule: 'rescue-pinned' }, { rule: 'spread-queued', minPriority: 30 }];
  // The same orders played headless give the score the browser must reach.
  const expected = Session.start(open);
  playOrders(expected, orders);
  const score = expected.result().score;

  await page.goto('/campaign/open-problem');
  await page.getByTestId('start-level').click();
  const panel = page.getByTestId('standing-orders');
  await expect(panel).toHaveAttribute('open', '');
  await page.getByTestId('order-wake-idle').check();
  await page.getByTestId('order-rescue-pinned').check();
  await page.getByTestId('order-spread-queued').check();
  await panel.getByLabel('Queued tasks to idle CPUs: lowest priority moved').fill('30');
  // A bad CPU set is refused with its reason, and the orders in effect stay the last valid ones.
  await panel.getByLabel('Queued tasks to idle CPUs: CPUs it may send tasks to, like 0-3,6').fill('0-9');
  await expect(panel.getByRole('alert')).toContainText('CPU 9 does not exist');
  await panel.getByLabel('Queued tasks to idle CPUs: CPUs it may send tasks to, like 0-3,6').fill('');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(panel).toContainText('(3 active)');
  await shot(page, 'standing-orders');

  await page.getByTestId('finish').click();
  await expect(page.getByTestId('result-screen')).toBeVisible();
  await expect(page.getByTestId('result-score')).toHaveText(String(score));
  await expect(page.getByTestId('what-went-wrong')).toContainText(/You made \d+ moves \(\d+ wakeup placements, \d+ migrations, all by your standing orders\)/);
  await expect(page.getByTestId('submit-status')).toHaveText(/Verified by the server/);
  // The stored run is the plain action log: its replay document has the orders' moves and the verified score.
  const href = await page.getByRole('link', { name: 'Shareable replay link' }).getAttribute('href');
  const runId = decodeURIComponent(/run=([^&]+)/.exec(href ?? '')?.[1] ?? '');
  const doc = await (await request.get(`/api/runs/${encodeURIComponent(runId)}/replay`)).json() as { verified: boolean; score: number; actions: unknown[] };
  expect(doc.verified).toBe(true);
  expect(doc.score).toBe(score);
  expect(doc.actions).toEqual(expected.log);
});

test('the timeline at 16 CPUs and 1,000 ticks: above the fold on 1366x768, zoom, pan, follow, full task ids', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const slug = 'gen-16x64-1-1000';
  expect(generateScenario({ seed: 1, cpus: 16, tasks: 64, duration: 1000 }).duration).toBe(1000);
  await page.goto(`/play?scenario=${slug}`);
  await page.getByTestId('start-level').click();
  await expect(page.locator('li[data-cpu]')).toHaveCount(16);
  await page.getByTestId('speed').selectOption('8');
  await page.getByTestId('play-pause').click();
  await expect.poll(() => tickOf(page), { timeout: 60_000 }).toBeGreaterThan(400);
  await page.getByTestId('play-pause').click();
  const now = await tickOf(page);

  // The whole chart is on the first screen, without scrolling.
  const gantt = page.getByTestId('gantt');
  const g = await box(gantt);
  expect(g.y).toBeGreaterThanOrEqual(0);
  expect(g.y + g.height).toBeLessThanOrEqual(768);
  const canvas = gantt.locator('canvas');
  const win = page.getByTestId('gantt-window');
  // It follows the cursor: 200 ticks, the current tick at 80%.
  await expect(canvas).toHaveAttribute('data-span', '200');
  expect(Number(await canvas.getAttribute('data-start'))).toBe(Math.max(0, Math.min(800, now - 160)));
  // The README's screenshot is refreshed on request only, so a test run leaves the tree clean.
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync('docs/screenshots', { recursive: true });
    await page.screenshot({ path: 'docs/screenshots/timeline-16.png' });
  }

  // Whole run: 1,000 ticks in one view, labels that would collide are hidden rather than drawn over each other.
  await page.getByTestId('gantt-fit').click();
  await expect(win).toHaveText('ticks 0–1000 of 1000');
  expect(Number(await canvas.getAttribute('data-hidden-labels'))).toBeGreaterThan(0);

  // Wheel over the chart zooms in around the pointer.
  const c = await box(canvas);
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.mouse.wheel(0, -200);
  await expect.poll(async () => Number(await canvas.getAttribute('data-span'))).toBeLessThan(1000);
  const zoomed = Number(await canvas.getAttribute('data-span'));

  // Drag pans (and stops following); the arrow keys pan too; End follows the current tick again.
  const before = Number(await canvas.getAttribute('data-start'));
  await page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
  await page.mouse.down();
  await page.mouse.move(c.x + c.width / 2 + 150, c.y + c.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = Number(await canvas.getAttribute('data-start'));
  expect(dragged).toBeLessThan(before);
  await expect(page.getByTestId('gantt-follow')).toHaveText('Follow now');
  await gantt.focus();
  await page.keyboard.press('ArrowRight');
  expect(Number(await canvas.getAttribute('data-start'))).toBeGreaterThan(dragged);
  await page.keyboard.press('+');
  expect(Number(await canvas.getAttribute('data-span'))).toBeLessThan(zoomed);
  await page.keyboard.press('End');
  await expect(page.getByTestId('gantt-follow')).toHaveText('Following now');
  await page.getByTestId('gantt-zoom-out').click();

  // Hovering a run names its task in full: a few ticks before the cursor, on the first CPU that ran something.
  const start = Number(await canvas.getAttribute('data-start'));
  const span = Number(await canvas.getAttribute('data-span'));
  const tipX = c.x + 44 + ((now - 3 - start) / span) * (c.width - 58);
  const tooltip = gantt.getByRole('tooltip');
  let named = '';
  for (let cpu = 0; cpu < 16 && !named; cpu++) {
    await page.mouse.move(tipX, c.y + 22 + cpu * 13 + 6);
    const text = (await tooltip.isVisible()) ? (await tooltip.textContent()) ?? '' : '';
    // A marker close by (an arrow, a notch) has a tooltip of its own: only a run's counts here.
    if (/ on CPU \d+, ticks /.test(text)) named = text;
  }
  expect(named).toMatch(/^T\d+ on CPU \d+, ticks \d+–\d+$/);

  // Every chip shows its whole id: nothing is cut off.
  const ids = await page.getByTestId('game-view').locator('button[data-task]').evaluateAll((els) => els.map((el) => {
    const id = el.querySelector('[data-testid="chip-id"]') as HTMLElement;
    return { task: (el as HTMLElement).dataset.task, shown: id.textContent, clipped: id.scrollWidth > id.clientWidth + 1 || el.scrollWidth > el.clientWidth + 1 };
  }));
  expect(ids.length).toBeGreaterThan(10);
  for (const x of ids) expect(x, x.task).toEqual({ task: x.task, shown: x.task, clipped: false });
  await shot(page, 'timeline-16');
});
