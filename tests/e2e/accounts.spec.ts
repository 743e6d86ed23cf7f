import { test as plainTest, type Browser } from '@playwright/test';
import { expect, shot, test } from './helpers';

/**
 * Teacher accounts in the browser: sign up, the name in the navigation, sign out, sign in
 * again (by username and by e-mail), sign out everywhere from another browser, and the
 * refusals: wrong password, taken username, the sign-in rate limit with its retry time.
 * Students' pages are untouched: the navigation only offers "Sign in".
 */

const PASSWORD = 'correct horse battery';
/** Unique per run: the e2e database lives as long as the server. */
const unique = (name: string) => `${name}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function signUpIn(page: import('@playwright/test').Page, username: string, email = '') {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(username);
  if (email) await page.getByLabel('E-mail (optional)').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

async function signInWith(page: import('@playwright/test').Page, login: string, password = PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Username or e-mail').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a teacher signs up, sees the name in the navigation, signs out and signs in again', async ({ page }) => {
  const name = unique('Ada');
  await page.goto('/join');
  await expect(page.getByTestId('nav-signin')).toHaveText('Sign in');

  await signUpIn(page, name, `${name.toLowerCase()}@example.org`);
  await expect(page.getByTestId('account-name')).toHaveText(name);
  await expect(page.getByTestId('account-role')).toHaveText('teacher');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByTestId('nav-account')).toHaveText(name);
  await shot(page, 'account');

  // The session is an httpOnly cookie: the page's script cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain('session_token');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name.endsWith('session_token'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByTestId('nav-signin')).toBeVisible();

  await signInWith(page, name.toUpperCase());
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('nav-account')).toHaveText(name);

  // Another page keeps the name in the navigation; sign in by e-mail too.
  await page.goto('/campaign');
  await expect(page.getByTestId('nav-account')).toHaveText(name);
  await page.context().clearCookies();
  await signInWith(page, `${name.toLowerCase()}@example.org`);
  await expect(page.getByTestId('nav-account')).toHaveText(name);
});

test('sign out everywhere ends the session in another browser', async ({ page, browser }) => {
  const name = unique('Grace');
  await signUpIn(page, name);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInWith(otherPage, name);
  await expect(otherPage.getByTestId('nav-account')).toHaveText(name);

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await otherPage.goto('/account');
  await expect(otherPage.getByText('You are not signed in.')).toBeVisible();
  await expect(otherPage.getByTestId('nav-signin')).toBeVisible();
  await other.close();
});

// The refusals below are 401/400/429 answers, which Chromium itself logs as console errors
// ("Failed to load resource"): these tests use the plain runner, not the console watcher.

plainTest('a wrong password and a taken username are explained next to the form', async ({ page }) => {
  const name = unique('Linus');
  await signUpIn(page, name);
  await page.context().clearCookies();

  await signInWith(page, name, 'not the password');
  await expect(page.getByTestId('form-error')).toHaveText('Wrong username, e-mail or password.');
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByTestId('nav-signin')).toBeVisible();

  await page.goto('/signup');
  await page.getByLabel('Username').fill(name.toLowerCase());
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#username-err')).toHaveText('That username is taken: pick another.');
  await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
});

/** A browser whose requests come from `address` (the e2e server trusts X-Forwarded-For, as behind the proxy). */
async function fromAddress(browser: Browser, address: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': address } });
  return { context, page: await context.newPage() };
}

plainTest('sign-in is rate-limited per address: the 6th attempt in a minute says how long to wait', async ({ browser }) => {
  const teacher = await fromAddress(browser, '198.51.100.20');
  const name = unique('Hedy');
  await signUpIn(teacher.page, name);
  await teacher.context.clearCookies();

  const attacker = await fromAddress(browser, '198.51.100.21');
  for (let i = 0; i < 5; i++) {
    await signInWith(attacker.page, name, `guess ${i}`);
    await expect(attacker.page.getByTestId('form-error')).toHaveText('Wrong username, e-mail or password.');
  }
  // Even the right password is refused now, with the wait in seconds.
  await signInWith(attacker.page, name);
  await expect(attacker.page.getByTestId('form-error')).toHaveText(/^Too many attempts from this address\. Try again in \d+ seconds?\.$/);
  await expect(attacker.page.getByTestId('nav-signin')).toBeVisible();
  await shot(attacker.page, 'signin-rate-limited');

  // Another address is not locked out.
  await signInWith(teacher.page, name);
  await expect(teacher.page.getByTestId('nav-account')).toHaveText(name);
  await attacker.context.close();
  await teacher.context.close();
});
