/**
 * Classroom, second part (issue 11): co-op placement and a team win, ties and a
 * removed player on every surface, a second round with the same seats, the
 * projector view with 40 players at 1920x1080, and a shared computer's join form.
 * Browser pages play the parts under test; scripted Socket.IO clients fill the
 * other seats (tests/e2e/helpers/room-driver.ts).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { loadScenario, simulate, type Scenario } from '../../server/engine';
import { expect, shot, test, watchConsole } from './helpers';
import { createRoom, joinRoom, personPage } from './helpers/classroom';
import { createScripted, joinScripted, type Scripted } from './helpers/room-driver';

/** A level as the server serves it (Playwright's loader does not take the levels' JSON imports). */
async function level(page: Page, slug: string): Promise<Scenario> {
  const r = await page.request.get(`/api/scenarios/${slug}`);
  return loadScenario(((await r.json()) as { scenario: { json: unknown } }).scenario.json);
}

/** A browser page holding a scripted room's host key (as the browser that created it would). */
async function hostPageFor(page: Page, code: string, hostToken: string): Promise<void> {
  await page.goto('/join');
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [`pileup:host:${code}`, hostToken]);
  await page.goto(`/host/${code}`);
  await expect(page.getByTestId('room-status')).toBeVisible();
}

/** A browser tab playing a scripted player's seat (its token in this tab, as after joining). */
async function playerPageFor(page: Page, code: string, p: Scripted): Promise<void> {
  await page.addInitScript(([k, v]) => sessionStorage.setItem(k, v), [`pileup:player:${code}`, p.playerToken]);
  await page.goto(`/room/${code}`);
  await expect(page.getByTestId('my-nick')).toHaveText(p.nick);
}

const row = (page: Page, nick: string) => page.locator(`[data-testid="standing-row"][data-nick="${nick}"]`);
const ranksOf = (page: Page) => page.locator('[data-testid="standing-row"]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-nick'), r.getAttribute('data-rank'), r.getAttribute('data-removed') === 'true']));

/** The CSV as objects keyed by its header. */
function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.split('\r\n').filter(Boolean).map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ''])));
}

test('co-op: players place waking tasks onto their own CPUs and the team beats Linux; boards show what solo shows', async ({ page: host, browser, baseURL, consoleProblems }) => {
  const code = await createRoom(host, 'pile-up', /Shared machine/);
  const ada = await joinScripted(baseURL!, code, 'Ada');
  const bob = await personPage(browser, consoleProblems, 'bob');
  await joinRoom(bob, code, 'Bob');
  const cy = await joinScripted(baseURL!, code, 'Cy');
  await expect(row(host, 'Cy')).toBeVisible();
  // The lobby teaches the level on both screens, not a one-line summary.
  await expect(host.getByTestId('lesson')).toContainText('migrate_disable()');
  await expect(bob.getByTestId('lesson')).toContainText('Peter Zijlstra');

  // The host hands out CPUs 1 and 2 (0 and 3, left over, are dealt in join order at the start: Ada, Bob).
  for (const [cpu, nick] of [[1, 'Bob'], [2, 'Cy']] as const) {
    await host.getByLabel(`Owner of CPU ${cpu}`).selectOption({ label: nick });
    await expect(host.getByText(`CPU ${cpu} now belongs to ${nick}.`)).toBeVisible();
  }
  // Two ticks, then paused: the class plans the wakeups together.
  await host.getByRole('button', { name: 'Step one tick' }).click();
  await expect(host.getByTestId('round-tick')).toHaveText('tick 1 / 120');
  await host.getByRole('button', { name: 'Step one tick' }).click();
  await expect(host.getByTestId('round-tick')).toHaveText('tick 2 / 120');
  await expect(bob.getByTestId('room-status')).toHaveAttribute('data-status', 'paused');
  await expect(row(host, 'Bob')).toContainText('CPU 1, CPU 3');
  // During the round the host gives CPU 3 to Ada: the notice says so (it must not outlive the round).
  await host.getByLabel('Owner of CPU 3').selectOption({ label: 'Ada' });
  await expect(host.getByText('CPU 3 now belongs to Ada.')).toBeVisible();
  await expect(row(host, 'Ada')).toContainText('CPU 0, CPU 3');
  await expect(row(host, 'Bob')).not.toContainText('CPU 3');

  // The board shows what solo play shows: T1 running on CPU 0 inside its migrate_disable()
  // section, pinned (lock), its deadline ("due in"), its progress bar with the section hatched.
  for (const p of [bob, host]) {
    const t1 = p.locator('li[data-cpu="0"] button[data-task="T1"]');
    await expect(t1).toHaveAttribute('data-pinned', 'true');
    await expect(t1).toContainText(/due in \d+/);
    await expect(t1.locator('.md-hatch')).toHaveCount(1);
    await expect(p.getByRole('region', { name: 'Waking soon' }).locator('button[data-task="T2"]')).toBeVisible();
  }

  // Bob places T2 onto his own CPU 1 (the waking chips are his to move, not disabled)...
  const waking = bob.getByRole('region', { name: 'Waking soon' });
  await waking.locator('button[data-task="T2"]').click();
  await bob.getByRole('button', { name: 'Move T2 to CPU 1' }).click();
  await expect(waking.locator('button[data-task="T2"]')).toContainText('→1');
  // ...but not T3 onto Cy's CPU 2: the owner of the CPU a task lands on decides.
  await waking.locator('button[data-task="T3"]').click();
  await bob.getByRole('button', { name: 'Move T3 to CPU 2' }).click();
  await expect(bob.getByTestId('announce')).toHaveText(/T3 → CPU 2 refused\. Not your CPU/);
  // Cy and Ada place theirs.
  expect(await cy.act('T3', 2)).toMatchObject({ ok: true, type: 'place', tick: 6 });
  expect(await ada.act('T4', 3)).toMatchObject({ ok: true, type: 'place', tick: 9 });
  await shot(bob, 'coop-planning');

  await host.getByLabel('Speed').selectOption('4');
  await host.getByRole('button', { name: 'Resume' }).click();
  for (const p of [host, bob]) await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'ended', { timeout: 60_000 });

  const pileUp = await level(host, 'pile-up');
  const linux = simulate(pileUp, { seed: pileUp.seed }).result.score;
  const planned = simulate(pileUp, { seed: pileUp.seed, actions: [
    { tick: 3, type: 'place', task: 'T2', cpu: 1 }, { tick: 6, type: 'place', task: 'T3', cpu: 2 }, { tick: 9, type: 'place', task: 'T4', cpu: 3 },
  ] }).result.score;
  const final = Number((await bob.getByTestId('final-score').textContent())?.trim());
  expect(final).toBe(planned);
  expect(final).toBeGreaterThan(linux);
  // One team score, shown once; the players are listed without scores of their own.
  await expect(host.getByTestId('team-score')).toHaveText(String(final));
  await expect(bob.getByTestId('team-score')).toHaveText(String(final));
  await expect(host.getByTestId('standings').getByTestId('score')).toHaveCount(0);
  // The ownership notices were about the lobby: gone at the end.
  await expect(host.getByText(/now belongs to/)).toHaveCount(0);
  await shot(host, 'coop-won-host');
  ada.close();
  cy.close();
});

test('ties share a rank (1, 1, 1, 4) and a removed player stays, marked, on the dashboard, player view, results grid, CSV and room leaderboard', async ({ page: host, browser, baseURL, consoleProblems }) => {
  const room = await createScripted(baseURL!, 'race', 'pile-up');
  const code = room.code;
  const players: Record<string, Scripted> = {};
  // Joined in this order on purpose: the ranks must not follow it.
  for (const nick of ['Dov', 'Cid', 'Eli', 'Bea', 'Ann']) players[nick] = await joinScripted(baseURL!, code, nick);
  await hostPageFor(host, code, room.hostToken);
  await expect(row(host, 'Ann')).toBeVisible();
  const ann = await personPage(browser, consoleProblems, 'ann');
  await playerPageFor(ann, code, players.Ann);

  await room.control({ op: 'speed', speed: 0.25 });
  await room.control({ op: 'start' });
  // Ann, Bea and Cid make the same play (T4 wakes on the idle CPU 3 at tick 9); Dov and Eli do nothing.
  for (const nick of ['Ann', 'Bea', 'Cid']) expect(await players[nick].act('T4', 3)).toMatchObject({ ok: true, type: 'place', tick: 9 });
  // The host removes Eli during the round, from the dashboard.
  await host.getByRole('button', { name: 'Remove Eli from the room' }).click();
  await expect(row(host, 'Eli').getByTestId('removed')).toBeVisible();
  await host.getByLabel('Speed').selectOption('4');
  for (const p of [host, ann]) await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'ended', { timeout: 60_000 });

  const expected = [['Ann', '1', false], ['Bea', '1', false], ['Cid', '1', false], ['Dov', '4', false], ['Eli', '', true]];
  // The host's final standings and the player's.
  await expect.poll(() => ranksOf(host)).toEqual(expected);
  await expect.poll(() => ranksOf(ann)).toEqual(expected);
  const grid = (p: Page) => p.locator('[data-testid="results-row"]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-nick'), r.getAttribute('data-rank'), r.getAttribute('data-removed') === 'true']));
  // The rounds grid of the room view (host and player).
  await expect.poll(() => grid(host)).toEqual(expected);
  await expect.poll(() => grid(ann)).toEqual(expected);
  await shot(host, 'ties-host');

  // The CSV (runs are saved just after the end: wait for all five).
  const csv = async () => parseCsv(await (await host.request.get(`/api/rooms/${code}/results.csv`)).text());
  await expect.poll(async () => (await csv()).length).toBe(5);
  const lines = await csv();
  expect(lines.map((l) => [l.nickname, l['round 1 rank'], l['round 1 status'], l['total rank'], l.removed])).toEqual([
    ['Ann', '1', 'played', '1', 'false'], ['Bea', '1', 'played', '1', 'false'], ['Cid', '1', 'played', '1', 'false'],
    ['Dov', '4', 'played', '4', 'false'], ['Eli', '', 'removed', '', 'true'],
  ]);
  // The same scores as the dashboard.
  for (const l of lines) await expect(row(host, l.nickname).getByTestId('score')).toHaveText(l['round 1 score']);

  // The room leaderboard page and its JSON board.
  await host.goto(`/leaderboard/room/${code}`);
  await expect.poll(() => grid(host)).toEqual(expected);
  const board = await (await host.request.get(`/api/leaderboard/room/${code}`)).json() as { entries: { nickname: string; rank: number | null; removed: boolean }[] };
  expect(board.entries.map((e) => [e.nickname, e.rank === null ? '' : String(e.rank), e.removed])).toEqual(expected);
  await shot(host, 'ties-room-leaderboard');
  for (const p of Object.values(players)) p.close();
  room.close();
});

test('a second round in the same room: seats and tokens carry over, nobody rejoins, every round is in the results', async ({ page: host, browser, consoleProblems }) => {
  const code = await createRoom(host, 'preemption', /Race/);
  const ada = await personPage(browser, consoleProblems, 'ada');
  await joinRoom(ada, code, 'Ada');

  // A shared computer: the next student's tab does not carry Ada's nickname; it is only offered.
  const next = await ada.context().newPage();
  watchConsole(next, consoleProblems, 'next-student');
  await next.goto(`/join/${code}`);
  await expect(next.getByLabel('Nickname')).toHaveValue('');
  await expect(next.getByTestId('last-nick')).toContainText('Ada');
  await next.getByRole('button', { name: /Not you\?/ }).click();
  await expect(next.getByTestId('last-nick')).toHaveCount(0);
  await next.getByLabel('Nickname').pressSequentially('Linus');
  await expect(next.getByLabel('Nickname')).toHaveValue('Linus');
  await next.getByRole('button', { name: 'Join' }).click();
  await expect(next.getByTestId('my-nick')).toHaveText('Linus');
  const linus = next;

  await host.getByLabel('Speed').selectOption('4');
  await host.getByRole('button', { name: 'Start round' }).click();
  for (const p of [host, ada, linus]) await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'ended', { timeout: 60_000 });
  const first = { Ada: Number(await ada.getByTestId('final-score').textContent()), Linus: Number(await linus.getByTestId('final-score').textContent()) };

  // Round 2 on another scenario, from the results.
  const form = host.getByTestId('next-round');
  await form.getByLabel('Scenario').selectOption('idle-cpus');
  await form.getByRole('button', { name: 'Start round 2 lobby' }).click();
  for (const p of [host, ada, linus]) await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'lobby');
  // The players never left their page: same seat, same name, the new lesson, round 1's results.
  for (const [p, nick] of [[ada, 'Ada'], [linus, 'Linus']] as const) {
    await expect(p).toHaveURL(new RegExp(`/room/${code}$`));
    await expect(p.getByTestId('my-nick')).toHaveText(nick);
    await expect(p.getByText('Waiting for the host to start round 2')).toBeVisible();
    await expect(p.getByTestId('lesson')).toContainText('Idle');
    await expect(p.getByTestId('results-grid')).toBeVisible();
  }
  await expect(host.locator('[data-testid="standing-row"]')).toHaveCount(2);
  await shot(ada, 'round2-lobby-player');

  await host.getByRole('button', { name: 'Start round 2' }).click();
  for (const p of [host, ada, linus]) await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'ended', { timeout: 60_000 });
  const second = { Ada: Number(await ada.getByTestId('final-score').textContent()), Linus: Number(await linus.getByTestId('final-score').textContent()) };

  // The room view: one column per round, plus the total.
  const gridRow = (nick: string) => host.locator(`[data-testid="results-row"][data-nick="${nick}"]`);
  for (const nick of ['Ada', 'Linus'] as const) {
    await expect(gridRow(nick).locator('td[data-round="1"] [data-testid="round-score"]')).toHaveText(String(first[nick]));
    await expect(gridRow(nick).locator('td[data-round="2"] [data-testid="round-score"]')).toHaveText(String(second[nick]));
    await expect(gridRow(nick).getByTestId('total-score')).toHaveText(String(first[nick] + second[nick]));
  }
  await shot(host, 'round2-results-host');

  // The CSV: a column group per round, plus totals.
  const csv = async () => parseCsv(await (await host.request.get(`/api/rooms/${code}/results.csv`)).text());
  await expect.poll(async () => (await csv()).filter((l) => l['round 2 score'] !== '').length).toBe(2);
  for (const l of await csv()) {
    const nick = l.nickname as 'Ada' | 'Linus';
    expect([l['round 1 scenario'], Number(l['round 1 score']), l['round 2 scenario'], Number(l['round 2 score']), Number(l['total score']), l['rounds played']])
      .toEqual(['preemption', first[nick], 'idle-cpus', second[nick], first[nick] + second[nick], '2']);
  }
});

test('projector view at 1920x1080: 40 players fit, the join code stays readable after the start, high contrast', async ({ browser, baseURL, consoleProblems }) => {
  const host = await personPage(browser, consoleProblems, 'host', { width: 1920, height: 1080 });
  // The room is made by a scripted host whose key this browser holds: the test drives the start's timing.
  const room = await createScripted(baseURL!, 'race', 'pile-up');
  const code = room.code;
  await hostPageFor(host, code, room.hostToken);
  const players: Scripted[] = [];
  for (let i = 1; i <= 40; i++) players.push(await joinScripted(baseURL!, code, `Student ${String(i).padStart(2, '0')}`));
  await expect(host.locator('[data-testid="standing-row"]')).toHaveCount(40);

  await host.getByRole('button', { name: 'Projector view' }).click();
  const projector = host.getByTestId('projector');
  // The lobby: the code, QR and link beside the round's lesson, everyone listed.
  await expect(projector.getByTestId('join-qr')).toBeVisible();
  await expect(projector.getByTestId('lesson')).toContainText('migrate_disable()');
  await expect(projector.getByTestId('projector-row')).toHaveCount(40);
  await projector.getByRole('button', { name: 'Exit projector view' }).click();

  // A quarter speed (2.5 ticks a second) for the start: the plans must reach the server before T3 pins itself (tick 8).
  await room.control({ op: 'speed', speed: 0.25 });
  // Three groups of students play three ways (ties inside each group): each plans as soon as the
  // round starts (T3 wakes at tick 6, T4 at 9: seconds away at this speed).
  const plays = players.map(async (p, i) => {
    await p.until('running');
    return i % 3 === 0 ? p.act('T4', 3) : i % 3 === 1 ? p.act('T3', 2) : { ok: true };
  });
  await room.control({ op: 'start' });
  expect((await Promise.all(plays)).filter((r) => !r.ok)).toEqual([]);
  await expect(host.getByTestId('room-status')).toHaveAttribute('data-status', 'running');
  await host.getByLabel('Speed').selectOption('4');
  await host.getByRole('button', { name: 'Projector view' }).click();
  await expect(projector.getByTestId('room-status')).toHaveAttribute('data-status', 'ended', { timeout: 60_000 });

  // All 40 rows inside the 1920x1080 screen, no scrolling.
  const rows = projector.getByTestId('projector-row');
  await expect(rows).toHaveCount(40);
  const boxes = await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height })));
  for (const b of boxes) {
    expect(b.top).toBeGreaterThanOrEqual(0);
    expect(b.bottom).toBeLessThanOrEqual(1080);
    expect(b.right).toBeLessThanOrEqual(1920);
  }
  expect(new Set(boxes.map((b) => Math.round(b.left))).size).toBe(2);
  const scroll = await projector.evaluate((e) => e.scrollHeight - e.clientHeight);
  expect(scroll).toBeLessThanOrEqual(0);
  // Large type and high contrast: names at 24 px or more, text against the background at 7:1 or better (WCAG AAA).
  const style = await rows.first().evaluate((e) => {
    const name = e.querySelector('span.truncate') ?? e;
    const cs = getComputedStyle(name);
    return { size: parseFloat(cs.fontSize), color: cs.color, bg: getComputedStyle(document.querySelector('[data-testid="projector"]')!).backgroundColor };
  });
  expect(style.size).toBeGreaterThanOrEqual(24);
  expect(contrast(style.color, style.bg)).toBeGreaterThanOrEqual(7);
  // The ranks have ties (three ways of playing) and skip after them.
  const ranks = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rank'))));
  expect(ranks[0]).toBe(1);
  expect(new Set(ranks).size).toBe(3);
  expect(ranks.filter((r) => r === 1).length + 1).toBe(ranks.find((r) => r > 1));
  // The code stays on screen, large.
  const codeSize = await projector.getByTestId('projector-code').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(codeSize).toBeGreaterThanOrEqual(40);
  await expect(projector.getByTestId('projector-code')).toHaveText(code);

  // The README's screenshot is refreshed on request only, so a test run leaves the tree clean.
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(path.join(process.cwd(), 'docs', 'screenshots'), { recursive: true });
    await host.screenshot({ path: path.join(process.cwd(), 'docs', 'screenshots', 'projector.png') });
  }
  await shot(host, 'projector');

  // "Show join code": the code, QR and link full size, over everything; Escape closes it.
  await projector.getByRole('button', { name: 'Show join code' }).click();
  const overlay = host.getByTestId('join-overlay');
  await expect(overlay.getByTestId('join-code')).toHaveText(code);
  await expect(overlay.getByTestId('join-qr')).toBeVisible();
  await expect(overlay.getByTestId('join-link')).toHaveAttribute('href', `/join/${code}`);
  const big = await overlay.getByTestId('join-code').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  expect(big).toBeGreaterThanOrEqual(96);
  await shot(host, 'projector-join-code');
  await host.keyboard.press('Escape');
  await expect(overlay).toHaveCount(0);
  for (const p of players) p.close();
  room.close();
});

/** WCAG contrast ratio of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
