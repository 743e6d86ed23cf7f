/**
 * A full classroom round in three browser contexts (host, Ada, Linus) against the
 * real server: create, join (with a refused duplicate nickname), lock, kick, start,
 * a migration, pause, a player's reload that keeps seat and score, the end, the
 * results on every screen and the CSV export.
 */
import type { Page } from '@playwright/test';
import { expect, shot, test } from './helpers';
import { createRoom, joinRoom, personPage } from './helpers/classroom';
import { switchableSocketNetwork } from './helpers/network';

const TABLET = { width: 768, height: 1024 };

/** Responsive down to a tablet: nothing may stick out sideways (tables scroll inside their own box). */
async function expectNoSideScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const row = (page: Page, nick: string) => page.locator(`[data-testid="standing-row"][data-nick="${nick}"]`);

test('host runs a race round with two players; a reload keeps the seat and the score', async ({ page: host, browser, consoleProblems }) => {
  // --- the host creates a room --------------------------------------------
  await host.goto('/host');
  await host.getByLabel('Scenario').selectOption('pile-up');
  await host.getByRole('radio', { name: /Race/ }).check();
  await shot(host, 'host-create');
  await host.getByRole('button', { name: 'Create room' }).click();
  await expect(host).toHaveURL(/\/host\/[A-Z2-9]{6}$/);
  const code = (await host.getByTestId('join-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  await expect(host.getByTestId('join-qr')).toBeVisible();
  await expect(host.getByTestId('join-link')).toHaveAttribute('href', `/join/${code}`);
  await expect(host.getByTestId('room-status')).toHaveAttribute('data-status', 'lobby');

  // --- players join; a wrong code and a taken nickname are refused ---------
  const ada = await personPage(browser, consoleProblems, 'ada');
  // Linus plays on a tablet, over a network the test can cut.
  const linus = await personPage(browser, consoleProblems, 'linus', TABLET);
  const linusNet = await switchableSocketNetwork(linus.context());

  await ada.goto('/join');
  await ada.getByLabel('Join code').fill('ZZZZZZ');
  await ada.getByLabel('Nickname').fill('Ada');
  await ada.getByRole('button', { name: 'Join' }).click();
  await expect(ada.getByRole('alert').filter({ hasText: 'No room has that code' })).toBeVisible();
  await shot(ada, 'join-error');
  await ada.getByLabel('Join code').fill(code);
  await ada.getByRole('button', { name: 'Join' }).click();
  await expect(ada).toHaveURL(new RegExp(`/room/${code}$`));
  await expect(ada.getByText('You are in. Waiting for the host')).toBeVisible();
  await expect(ada.getByTestId('my-nick')).toHaveText('Ada');

  await joinRoom(linus, code, 'ada', { seated: false });
  await expect(linus.getByRole('alert').filter({ hasText: 'already has that nickname' })).toBeVisible();
  await linus.getByLabel('Nickname').fill('Linus');
  await linus.getByRole('button', { name: 'Join' }).click();
  await expect(linus.getByTestId('my-nick')).toHaveText('Linus');

  await expect(row(host, 'Ada')).toBeVisible();
  await expect(row(host, 'Linus')).toBeVisible();

  // --- lock refuses newcomers; kick removes one -----------------------------
  await host.getByRole('button', { name: 'Lock the room' }).click();
  await expect(host.getByRole('button', { name: /Locked/ })).toHaveAttribute('aria-pressed', 'true');
  const mallory = await personPage(browser, consoleProblems, 'mallory');
  await joinRoom(mallory, code, 'Mallory', { seated: false });
  await expect(mallory.getByRole('alert').filter({ hasText: 'locked' })).toBeVisible();
  await host.getByRole('button', { name: /Locked/ }).click();
  await expect(host.getByRole('button', { name: 'Lock the room' })).toHaveAttribute('aria-pressed', 'false');
  // Mallory tries again with the keyboard only: Enter in the form submits it.
  await mallory.getByLabel('Nickname').focus();
  await mallory.keyboard.press('Enter');
  await expect(mallory.getByTestId('my-nick')).toHaveText('Mallory');
  await expect(row(host, 'Mallory')).toBeVisible();
  await shot(host, 'host-lobby');
  await host.getByRole('button', { name: 'Remove Mallory from the room' }).click();
  await expect(mallory.getByText('The host removed you')).toBeVisible();
  await expect(row(host, 'Mallory')).toHaveCount(0);
  await mallory.context().close();

  // --- the round runs --------------------------------------------------------
  // Half speed (24 s of round) leaves a slow machine room for the steps before the pause.
  await host.getByLabel('Speed').selectOption('0.5');
  await expect(host.getByLabel('Speed')).toHaveValue('0.5');
  await host.getByRole('button', { name: 'Start round' }).click();
  await expect(host.getByTestId('room-status')).toHaveAttribute('data-status', 'running');
  for (const p of [ada, linus]) {
    await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'running');
    await expect(p.getByTestId('board')).toBeVisible();
  }
  await expect(host.getByTestId('standings')).toContainText('Live dashboard');
  await expectNoSideScroll(linus);
  await shot(linus, 'player-round-tablet');

  // Someone arriving after the start watches this round instead of playing it.
  const late = await personPage(browser, consoleProblems, 'late');
  await joinRoom(late, code, 'Grace', { seated: false });
  await expect(late.getByRole('heading', { name: 'You joined after the start' })).toBeVisible();
  await expect(late.getByTestId('standings')).toContainText('Ada');
  await late.context().close();

  // Ada picks a task and sends it to another CPU; the server answers (accepted, or
  // refused with its reason, e.g. pinned) and the answer is announced on her screen.
  const chip = ada.locator('[data-testid="game-view"] button[data-task]:not([disabled])').first();
  await chip.click();
  await ada.getByRole('button', { name: /^Move .+ to CPU \d$/ }).last().click();
  await expect(ada.getByTestId('announce')).toHaveText(/→ CPU \d/);
  await shot(ada, 'player-round');

  // The host follows Ada's machine live.
  await host.getByRole('button', { name: "Watch Ada's machine" }).click();
  const followed = host.getByTestId('followed');
  await expect(followed.getByRole('heading', { name: /Watching Ada/ })).toBeVisible();
  await expect(followed.getByTestId('game-view')).toBeVisible();

  // --- pause, reload mid-round, same seat and score ----------------------------
  await host.getByRole('button', { name: 'Pause' }).click();
  await expect(ada.getByTestId('room-status')).toHaveAttribute('data-status', 'paused');
  const myScore = ada.getByTestId('game-view').getByTestId('score');
  const before = (await myScore.textContent())?.trim();
  expect(before).toMatch(/^-?\d+$/);
  // During the round nobody has the seed, nor the bots' scores on it (the server sends both at the end).
  await expect(ada.getByLabel("Bots' final scores on this scenario")).toHaveCount(0);
  await expect(host.getByText('seed shown when the round is over')).toBeVisible();
  await expect(row(host, 'Ada').getByTestId('score')).toHaveText(before!);
  await expect(followed.getByTestId('score')).toHaveText(before!);
  await expect(followed.getByTestId('tick')).toHaveText(await ada.getByTestId('game-view').getByTestId('tick').textContent() ?? '');
  await shot(host, 'host-dashboard');
  await followed.getByRole('button', { name: 'Stop watching' }).click();
  await expect(followed).toHaveCount(0);

  await ada.reload();
  await expect(ada.getByTestId('my-nick')).toHaveText('Ada');
  await expect(ada.getByTestId('room-status')).toHaveAttribute('data-status', 'paused');
  await expect(myScore).toHaveText(before!);
  await expect(row(host, 'Ada')).toContainText('online');
  await expect(host.locator('[data-testid="standing-row"]')).toHaveCount(2);
  // The host's tab reloads too: the host key in this browser brings the dashboard back.
  await host.reload();
  await expect(host.getByTestId('room-status')).toHaveAttribute('data-status', 'paused');
  await expect(row(host, 'Ada').getByTestId('score')).toHaveText(before!);

  // --- Linus's connection drops: he is told, the host sees it, it comes back by itself
  const linusScore = linus.getByTestId('game-view').getByTestId('score');
  const linusBefore = (await linusScore.textContent())?.trim() ?? '';
  const outageFrom = consoleProblems.length;
  linusNet.cut();
  await expect(linus.getByRole('status').filter({ hasText: 'Connection lost' })).toBeVisible();
  await expect(row(host, 'Linus')).toContainText('offline');
  await shot(linus, 'player-disconnected');
  linusNet.restore();
  await expect(linus.getByRole('status').filter({ hasText: 'Connection lost' })).toHaveCount(0, { timeout: 30_000 });
  await expect(row(host, 'Linus')).toContainText('online');
  await expect(linusScore).toHaveText(linusBefore);
  // Chromium reports the refused socket requests of the outage as console errors: expected
  // there, and only those are dropped (anything else in the window still fails the test).
  const outage = consoleProblems.splice(outageFrom);
  consoleProblems.push(...outage.filter((p) => !(p.page === 'linus' && /socket\.io/.test(p.text))));

  // --- to the end ------------------------------------------------------------
  // The rest of the round at 4x.
  await host.getByLabel('Speed').selectOption('4');
  await expect(host.getByLabel('Speed')).toHaveValue('4');
  await host.getByRole('button', { name: 'Resume' }).click();
  for (const p of [host, ada, linus]) {
    await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'ended', { timeout: 60_000 });
  }
  await expect(host.getByRole('heading', { name: 'Results' })).toBeVisible();
  for (const [p, nick] of [[ada, 'Ada'], [linus, 'Linus']] as const) {
    const final = (await p.getByTestId('final-score').textContent())?.trim() ?? '';
    expect(final).toMatch(/^-?\d+$/);
    await expect(row(host, nick).getByTestId('score')).toHaveText(final);
  }
  // Now the seed shows, and the player's score bar has the bots' scores to compare with.
  await expect(host.getByText(/· seed \d+ ·/)).toBeVisible();
  await expect(ada.getByLabel("Bots' final scores on this scenario")).toContainText('5.11+');
  await shot(host, 'host-results');
  await shot(ada, 'player-result');

  const csv = await host.request.get(`/api/rooms/${code}/results.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const text = await csv.text();
  expect(text).toContain('Ada');
  expect(text).toContain('Linus');
  expect(text).not.toContain('Mallory');
  await expect(host.getByTestId('csv-link')).toHaveAttribute('href', `/api/rooms/${code}/results.csv`);
});

test('a co-op room deals the CPUs out and every screen says who owns which', async ({ page: host, browser, consoleProblems }) => {
  const code = await createRoom(host, 'pile-up', /Shared machine/);

  const ada = await personPage(browser, consoleProblems, 'ada');
  const linus = await personPage(browser, consoleProblems, 'linus');
  await joinRoom(ada, code, 'Ada');
  await joinRoom(linus, code, 'Linus');
  await expect(row(host, 'Linus')).toBeVisible();

  await host.getByLabel('Speed').selectOption('0.5');
  await expect(host.getByLabel('Speed')).toHaveValue('0.5');
  await host.getByRole('button', { name: 'Start round' }).click();
  // pile-up has 4 CPUs, dealt round-robin in join order: Ada 0 and 2, Linus 1 and 3.
  const owner = (p: Page, cpu: number) => p.locator(`[data-testid="cpu-owners"] li[data-cpu="${cpu}"]`);
  await expect(owner(ada, 0)).toContainText('yours');
  await expect(owner(ada, 1)).toContainText('Linus');
  await expect(owner(ada, 2)).toContainText('yours');
  await expect(owner(linus, 0)).toContainText('Ada');
  await expect(owner(linus, 3)).toContainText('yours');
  await expect(row(host, 'Ada')).toContainText('CPU 0, CPU 2');
  await expect(row(host, 'Linus')).toContainText('CPU 1, CPU 3');
  // The host hands CPU 2 to Linus: everyone's screens follow.
  await host.getByLabel('Owner of CPU 2').selectOption({ label: 'Linus' });
  await expect(row(host, 'Linus')).toContainText('CPU 1, CPU 2, CPU 3');
  await expect(owner(ada, 2)).toContainText('Linus');
  await expect(owner(linus, 2)).toContainText('yours');
  await expect(host.getByRole('heading', { name: 'The shared machine' })).toBeVisible();
  await expect(owner(host, 3)).toContainText('Linus');
  await shot(ada, 'coop-player');
  await shot(host, 'coop-host');

  // Paused first, so the round cannot finish by itself while the host decides.
  await host.getByRole('button', { name: 'Pause' }).click();
  await expect(host.getByTestId('room-status')).toHaveAttribute('data-status', 'paused');
  await host.getByRole('button', { name: 'End round' }).click();
  await host.getByRole('button', { name: 'Keep playing' }).click();
  await expect(host.getByTestId('room-status')).toHaveAttribute('data-status', 'paused');
  await host.getByRole('button', { name: 'End round' }).click();
  await host.getByRole('button', { name: 'Yes, end it' }).click();
  for (const p of [host, ada, linus]) await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'ended');
  // One machine, one team score on both players' screens.
  const adaFinal = (await ada.getByTestId('final-score').textContent())?.trim() ?? '';
  expect(adaFinal).toMatch(/^-?\d+$/);
  await expect(linus.getByTestId('final-score')).toHaveText(adaFinal);
});

test('a player picks the CPU of a task about to wake; the server applies it on the wakeup tick', async ({ page: host, browser, consoleProblems }) => {
  const code = await createRoom(host, 'migration-cost', /Race/);
  const ada = await personPage(browser, consoleProblems, 'ada');
  await joinRoom(ada, code, 'Ada');
  await expect(row(host, 'Ada')).toBeVisible();

  // M wakes at tick 40 on CPU 0 (8 s into the round at half speed); it shows as
  // waking soon 30 ticks ahead, and Ada chooses CPU 1 for it.
  await host.getByLabel('Speed').selectOption('0.5');
  await host.getByRole('button', { name: 'Start round' }).click();
  const m = ada.getByRole('region', { name: 'Waking soon' }).locator('button[data-task="M"]');
  await expect(m).toBeVisible({ timeout: 20_000 });
  await m.dragTo(ada.locator('li[data-cpu="1"]'));
  await expect(m).toContainText('→1');

  // It wakes straight onto CPU 1.
  await expect(ada.locator('li[data-cpu="1"] button[data-task="M"]')).toBeVisible({ timeout: 30_000 });
  await host.getByRole('button', { name: 'Pause' }).click();
  await host.getByRole('button', { name: 'End round' }).click();
  await host.getByRole('button', { name: 'Yes, end it' }).click();
  await expect(ada.getByTestId('room-status')).toHaveAttribute('data-status', 'ended');

  // The saved run's action log holds the placement, stamped with M's release tick. Runs are
  // saved after the end, asynchronously: wait for Ada's to reach the room's board.
  const adaRun = async () => {
    const board = await host.request.get(`/api/leaderboard/room/${code}`);
    if (!board.ok()) return undefined;
    return ((await board.json()) as { entries: { runId: string; nickname: string }[] }).entries.find((e) => e.nickname === 'Ada')?.runId;
  };
  await expect.poll(adaRun, { timeout: 15_000 }).toBeDefined();
  const replay = await host.request.get(`/api/runs/${(await adaRun())!}/replay`);
  const doc = (await replay.json()) as { actions: { tick: number; type: string; task: string; cpu: number }[] };
  expect(doc.actions).toContainEqual(expect.objectContaining({ tick: 40, type: 'place', task: 'M', cpu: 1 }));
});

test("a player's timeline keeps the earlier ticks' blocks after a reload during a round", async ({ page: host, browser, consoleProblems }) => {
  const code = await createRoom(host, 'pile-up', /Race/);
  const ada = await personPage(browser, consoleProblems, 'ada');
  await joinRoom(ada, code, 'Ada');
  await expect(row(host, 'Ada')).toBeVisible();

  await host.getByLabel('Speed').selectOption('0.5');
  await host.getByRole('button', { name: 'Start round' }).click();
  const board = ada.getByTestId('board');
  const tickNow = async () => Number(((await ada.getByTestId('game-view').getByTestId('tick').textContent()) ?? '').split('/')[0]);
  await expect.poll(tickNow, { timeout: 30_000 }).toBeGreaterThanOrEqual(15);
  // The timeline has drawn blocks since the first ticks of the round.
  const firstBlock = await board.getAttribute('data-first-block');
  expect(firstBlock).toMatch(/^\d+$/);
  expect(Number(firstBlock)).toBeLessThan(10);

  // A reload while the round runs: the page starts from nothing but the server's view.
  const reloadedAt = await tickNow();
  await ada.reload();
  await expect(ada.getByTestId('room-status')).toHaveAttribute('data-status', 'running');
  await expect(board).toBeVisible();
  await expect.poll(tickNow).toBeGreaterThan(reloadedAt);
  // The same first block: the view's history rebuilt the ticks before the reload
  // (without it the timeline would start at the reload's tick).
  await expect(board).toHaveAttribute('data-first-block', firstBlock!);
  expect(Number(firstBlock)).toBeLessThan(reloadedAt);
  await shot(ada, 'player-timeline-after-reload');

  await host.getByRole('button', { name: 'Pause' }).click();
  await host.getByRole('button', { name: 'End round' }).click();
  await host.getByRole('button', { name: 'Yes, end it' }).click();
  await expect(ada.getByTestId('room-status')).toHaveAttribute('data-status', 'ended');
});
