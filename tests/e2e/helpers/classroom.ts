/**
 * The classroom's browser steps shared by the room specs: a page of its own (own
 * context, console watched), the host page creating a room, a player joining by code.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, watchConsole, type ConsoleProblem } from './index';

/** A page in a fresh browser context (own storage: another person), its console watched. */
export async function personPage(browser: Browser, problems: ConsoleProblem[], label: string, viewport?: { width: number; height: number }): Promise<Page> {
  const ctx = await browser.newContext(viewport ? { viewport } : {});
  const page = await ctx.newPage();
  watchConsole(page, problems, label);
  return page;
}

/** The host page creates a room of `kind` on `scenario`; returns its join code. */
export async function createRoom(host: Page, scenario: string, kind: RegExp): Promise<string> {
  await host.goto('/host');
  await host.getByLabel('Scenario').selectOption(scenario);
  await host.getByRole('radio', { name: kind }).check();
  await host.getByRole('button', { name: 'Create room' }).click();
  await expect(host).toHaveURL(/\/host\/[A-Z2-9]{6}$/);
  return (await host.getByTestId('join-code').textContent())?.trim() ?? '';
}

/**
 * Joins the room `code` as `nick`. Waits for the seat unless `seated: false` (a join
 * the test expects refused, or whose outcome it checks itself).
 */
export async function joinRoom(page: Page, code: string, nick: string, { seated = true } = {}): Promise<void> {
  await page.goto(`/join/${code}`);
  await page.getByLabel('Nickname').fill(nick);
  await page.getByRole('button', { name: 'Join' }).click();
  if (seated) await expect(page.getByTestId('my-nick')).toHaveText(nick);
}
