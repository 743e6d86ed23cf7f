/**
 * Publishing (README "Publishing scenarios"), in real Chromium against the real server: a
 * teacher signs up, builds a small level in the editor (an error shows at its field and goes,
 * the live preview follows an edit), publishes it for their rooms only, hosts a race on it,
 * and two students (two browser contexts, no accounts) join with the code and play it to the
 * end; the room's results name the published level. Signed out, the editor offers a sign-in
 * link; the unlisted level is neither in the gallery nor playable by link for anyone else.
 */
import { expect, shot, test } from './helpers';
import { joinRoom, personPage } from './helpers/classroom';

const SLUG = `e2e-pub-${Date.now().toString(36)}`;

test('a teacher publishes a level from the editor and hosts a race on it; two students play it', async ({ page: teacher, browser, baseURL, consoleProblems }) => {
  // Signed out: the editor says how to publish.
  await teacher.goto('/editor');
  await teacher.evaluate(() => window.localStorage.clear());
  await teacher.reload();
  await expect(teacher.getByRole('link', { name: 'Sign in to publish' })).toHaveAttribute('href', /\/signin/);

  // Sign up (the browser context's cookie jar: the page is then signed in).
  const signUp = await teacher.context().request.post('/api/auth/sign-up/email', {
    headers: { origin: baseURL! }, data: { username: `teach${Date.now().toString(36)}`, name: 'Ms Teach', password: 'a long enough password' },
  });
  expect(signUp.ok()).toBe(true);

  // A small level: two CPUs, a 60-tick round.
  await teacher.reload();
  await teacher.getByRole('button', { name: 'New draft' }).click();
  await teacher.getByLabel('Title', { exact: true }).fill('Published in e2e');
  await teacher.getByLabel('Slug (its name in links)').fill(SLUG);
  await teacher.getByLabel('CPUs', { exact: true }).fill('2');
  await teacher.getByLabel('Duration (ticks)').fill('60');
  await expect(teacher.getByTestId('error-summary')).toHaveAttribute('data-count', '0');
  // Validation as they type: a home CPU the machine lacks shows at its field, then goes.
  await teacher.getByLabel('t1 home CPU').fill('3');
  await expect(teacher.getByTestId('error-tasks[1].cpu')).toContainText('CPU 3 does not exist (cpus is 2)');
  await expect(teacher.getByTestId('preview')).toContainText('waits for a valid scenario');
  await teacher.getByLabel('t1 home CPU').fill('1');
  await expect(teacher.getByTestId('error-summary')).toHaveAttribute('data-count', '0');
  // The live preview follows an edit: a longer first section changes the bots' scores.
  const scores = async () => {
    const preview = teacher.getByTestId('preview');
    await expect(preview).toHaveAttribute('data-state', 'done');
    return (await preview.getByTestId('score').allTextContents()).join(',');
  };
  const before = await scores();
  await teacher.getByLabel('t0 segment 1 length').fill('24');
  await expect.poll(scores, { timeout: 60_000 }).not.toBe(before);

  await teacher.getByLabel('Visibility').selectOption('rooms');
  await teacher.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(teacher.getByTestId('publish-status')).toContainText('Published as version 1');
  await shot(teacher, 'editor-published');

  // My scenarios lists it with its visibility.
  await teacher.goto('/my/scenarios');
  const mine = teacher.getByTestId(`mine-${SLUG}`);
  await expect(mine).toContainText('Published in e2e');
  await expect(mine.getByLabel(`Visibility of ${SLUG}`)).toHaveValue('rooms');

  // Host a race on it, from My scenarios.
  await mine.getByRole('link', { name: 'Host' }).click();
  await expect(teacher).toHaveURL(/\/host\?published=/);
  await expect(teacher.getByLabel('Scenario')).toHaveValue(`p:${SLUG}`);
  await teacher.getByRole('radio', { name: /Race/ }).check();
  await teacher.getByRole('button', { name: 'Create room' }).click();
  await expect(teacher).toHaveURL(/\/host\/[A-Z2-9]{6}$/);
  const code = (await teacher.getByTestId('join-code').textContent())?.trim() ?? '';

  // Two students, no accounts, join with the code.
  const ada = await personPage(browser, consoleProblems, 'ada');
  const linus = await personPage(browser, consoleProblems, 'linus');
  await joinRoom(ada, code, 'Ada');
  await joinRoom(linus, code, 'Linus');
  await expect(teacher.locator('[data-testid="standing-row"][data-nick="Ada"]')).toBeVisible();
  await expect(teacher.locator('[data-testid="standing-row"][data-nick="Linus"]')).toBeVisible();

  await teacher.getByRole('button', { name: 'Start round' }).click();
  await teacher.getByLabel('Speed').selectOption('4');
  for (const p of [teacher, ada, linus]) await expect(p.getByTestId('room-status')).toHaveAttribute('data-status', 'ended', { timeout: 60_000 });
  await shot(ada, 'published-room-ended');

  // The results name the published level; both students played it.
  await expect.poll(async () => {
    const r = (await (await teacher.request.get(`/api/rooms/${code}/results`)).json()) as { rounds: { scenario: string }[]; rows: { nickname: string }[] };
    return [r.rounds.map((x) => x.scenario), r.rows.map((x) => x.nickname).sort()];
  }, { timeout: 30_000 }).toEqual([[SLUG], ['Ada', 'Linus']]);

  // For rooms only: not in the gallery, and not playable by link for a student.
  await ada.goto(`/gallery`);
  await expect(ada.getByText(/Nothing published yet|scenario/).first()).toBeVisible();
  await expect(ada.getByTestId(`gallery-${SLUG}`)).toHaveCount(0);
  expect((await ada.request.get(`/api/published/${SLUG}`)).status()).toBe(404);

  // Made public from My scenarios: a student finds it in the gallery by searching, and reports it.
  await teacher.goto('/my/scenarios');
  await teacher.getByLabel(`Visibility of ${SLUG}`).selectOption('public');
  await expect(teacher.getByRole('status').filter({ hasText: 'is now: Public' })).toBeVisible();
  await ada.goto('/gallery');
  await ada.getByLabel('Search by title or summary').fill('published in E2E');
  await ada.getByRole('button', { name: 'Search' }).click();
  const item = ada.getByTestId(`gallery-${SLUG}`);
  await expect(item).toContainText('Published in e2e');
  await expect(item.getByRole('link', { name: 'Play' })).toHaveAttribute('href', `/play?scenario=${SLUG}`);
  await item.getByRole('button', { name: 'Report' }).click();
  await item.getByLabel('What is wrong with it?').fill('The lesson is empty');
  await item.getByRole('button', { name: 'Send report' }).click();
  await expect(ada.getByRole('status').filter({ hasText: 'was reported' })).toBeVisible();
  await shot(ada, 'gallery');

  // Its leaderboard is per version: the race's runs are on version 1's board, none on a version never published.
  const board = (await (await ada.request.get(`/api/leaderboard/scenario/${SLUG}?version=1`)).json()) as { entries: { nickname: string }[] };
  expect(board.entries.map((e) => e.nickname).sort()).toEqual(['Ada', 'Linus']);
  await item.getByRole('link', { name: 'Leaderboard' }).click();
  await expect(ada).toHaveURL(new RegExp(`/leaderboard/scenario/${SLUG}\\?version=1$`));
  await expect(ada.getByRole('heading', { level: 1 })).toHaveText(`${SLUG}, version 1`);
  await expect(ada.getByTestId('leaderboard-row')).toHaveCount(2);
  await ada.goto(`/leaderboard/scenario/${SLUG}?version=7`);
  await expect(ada.getByRole('heading', { level: 1 })).toHaveText(`${SLUG}, version 7`);
  await expect(ada.getByText('No finished runs yet on this level.')).toBeVisible();
  await expect(ada.getByTestId('leaderboard-row')).toHaveCount(0);
});
