import { readFileSync } from 'node:fs';
import { expect, shot, test, watchConsole } from './helpers';

/**
 * Self-paced homework end to end (README "Assignments and class history"): a teacher signs
 * up on /signup, creates an assignment on /teach, two students in two browser
 * contexts open its link, pick nicknames and play a solo run each (verified by the server),
 * the teacher's page shows both arriving, and the CSV downloads with one line per attempt.
 */
test('an assignment is created, two students submit runs, the teacher sees them and downloads the CSV', async ({ page, browser, consoleProblems }) => {
  await page.goto('/signup');
  await page.getByLabel('Username').fill('ms_hopper');
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.getByTestId('account-teach').click();
  await expect(page.getByRole('heading', { name: 'My teaching' })).toBeVisible();
  await page.getByTestId('assignment-title').fill('Pile-up homework');
  await page.getByTestId('assignment-scenario').selectOption('pile-up');
  await page.getByTestId('assignment-attempts').fill('2');
  await page.getByTestId('create-assignment').click();
  await expect(page).toHaveURL(/\/assignments\/[A-Za-z0-9-]+$/);
  const code = (await page.getByTestId('assignment-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  const link = await page.getByTestId('student-link').getAttribute('href');
  expect(link).toBe(`/a/${code}`);
  await expect(page.getByTestId('teacher-students')).toHaveCount(0);

  for (const nickname of ['Grace', 'Linus']) {
    const ctx = await browser.newContext();
    const student = await ctx.newPage();
    watchConsole(student, consoleProblems, nickname);
    await student.goto(link!);
    await expect(student.getByRole('heading', { name: 'Pile-up homework' })).toBeVisible();
    await expect(student.getByTestId('standings-hidden')).toBeVisible();
    await student.getByTestId('student-nickname').fill(nickname);
    await student.getByTestId('student-start').click();
    await expect(student.getByTestId('attempts-left')).toContainText(`Playing as ${nickname}. Attempts left: 2.`);
    await student.getByTestId('start-level').click();
    await student.getByTestId('finish').click();
    await expect(student.getByTestId('submit-status')).toHaveText(/Verified by the server/);
    await expect(student.getByTestId('my-attempts')).toContainText('#1');
    // The page fetched the assignment again (attempts): the result screen stays, the game is not restarted under it.
    await expect(student.getByTestId('attempts-left')).toContainText('Attempts left: 1.');
    await expect(student.getByTestId('submit-status')).toHaveText(/Verified by the server/);
    if (nickname === 'Linus') await shot(student, 'assignment-student');
    await ctx.close();
  }

  // The teacher's page polls: both students arrive without a reload.
  const rows = page.getByTestId('student-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('teacher-students')).toContainText('Grace');
  await expect(page.getByTestId('teacher-students')).toContainText('Linus');
  await shot(page, 'assignment-teacher');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('assignment-csv').click()]);
  expect(download.suggestedFilename()).toBe(`assignment-${code}-attempts.csv`);
  const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
  expect(csv[0]).toBe('assignment,scenario,version,nickname,attempt,submitted at,verified,reason,score,met,missed,stranded ticks,best,student rank,student best score');
  expect(csv.slice(1, -1).map((l) => l.split(',').slice(3, 7).filter((_, i) => i !== 2))).toEqual([['Grace', '1', 'true'], ['Linus', '1', 'true']]);

  // The dashboard lists it under the account.
  await page.goto('/teach');
  await expect(page.getByTestId('my-assignments')).toContainText(code);
});
