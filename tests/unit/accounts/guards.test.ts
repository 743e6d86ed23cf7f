/**
 * The accounts' two guards that are ours, not better-auth's: the cross-site write check the
 * API's resolver applies (CSRF), and the sign-in rate limit's storage (one bucket for both
 * sign-in routes, fixed windows, the wait it reports).
 */
import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite } from '../../../server/accounts/origin';
import { memoryRateLimitStorage } from '../../../server/accounts/rate-limit';

const req = (method: string, headers: Record<string, string>) => ({ method, headers: { host: 'game.example:8080', ...headers } });

describe('isCrossSiteWrite', () => {
  it('lets reads through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(isCrossSiteWrite(req(method, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), [])).toBe(false);
  });

  it('accepts a write from the page\'s own host (http or https), a trusted origin, or a non-browser client', () => {
    expect(isCrossSiteWrite(req('POST', { origin: 'http://game.example:8080' }), [])).toBe(false);
    expect(isCrossSiteWrite(req('DELETE', { origin: 'HTTPS://GAME.example:8080', 'sec-fetch-site': 'same-origin' }), [])).toBe(false);
    expect(isCrossSiteWrite(req('PUT', { origin: 'https://teach.example' }), ['https://teach.example'])).toBe(false);
    expect(isCrossSiteWrite(req('POST', {}), [])).toBe(false);
  });

  it('refuses a write from another site, another port or a sibling subdomain', () => {
    expect(isCrossSiteWrite(req('POST', { origin: 'https://evil.example' }), [])).toBe(true);
    expect(isCrossSiteWrite(req('POST', { origin: 'http://game.example:9090' }), [])).toBe(true);
    expect(isCrossSiteWrite(req('PATCH', { 'sec-fetch-site': 'cross-site' }), [])).toBe(true);
    expect(isCrossSiteWrite(req('POST', { 'sec-fetch-site': 'same-site', origin: 'http://game.example:8080' }), [])).toBe(true);
    expect(isCrossSiteWrite(req('POST', { origin: 'null' }), [])).toBe(true);
  });
});

describe('memoryRateLimitStorage', () => {
  const rule = { window: 60, max: 5 };

  it('counts both sign-in routes of one address in one bucket; other addresses and routes apart', async () => {
    let t = 1_000_000;
    const s = memoryRateLimitStorage(() => t);
    for (let i = 0; i < 5; i++) expect((await s.consume(`1.2.3.4|/sign-in/${i % 2 ? 'email' : 'username'}`, rule)).allowed).toBe(true);
    t += 15_000;
    expect(await s.consume('1.2.3.4|/sign-in/email', rule)).toEqual({ allowed: false, retryAfter: 45 });
    expect(await s.consume('1.2.3.4|/sign-in/username', rule)).toEqual({ allowed: false, retryAfter: 45 });
    expect((await s.consume('5.6.7.8|/sign-in/email', rule)).allowed).toBe(true);
    expect((await s.consume('1.2.3.4|/sign-up/email', rule)).allowed).toBe(true);
  });

  it('opens again when the window ends, never reporting less than one second to wait', async () => {
    let t = 0;
    const s = memoryRateLimitStorage(() => t);
    for (let i = 0; i < 5; i++) await s.consume('::1|/sign-in/email', rule);
    t = 59_999;
    expect(await s.consume('::1|/sign-in/email', rule)).toEqual({ allowed: false, retryAfter: 1 });
    t = 60_000;
    expect(await s.consume('::1|/sign-in/email', rule)).toEqual({ allowed: true, retryAfter: null });
  });
});
