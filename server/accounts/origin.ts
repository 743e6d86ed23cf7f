/**
 * CSRF for our own API routes (better-auth checks its own): a state-changing request counts as
 * signed in only when the browser says it comes from this site. Browsers send Origin on every
 * cross-origin POST and Sec-Fetch-Site on every request; a request with neither is not from a
 * browser (curl, scripts), which cannot ride a victim's cookies.
 */
import type { IncomingMessage } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Origins this request's own page would have: its Host over http or https (a TLS proxy keeps Host). */
export function sameSiteOrigins(req: Pick<IncomingMessage, 'headers'>): string[] {
  const host = req.headers.host;
  return host ? [`http://${host}`, `https://${host}`] : [];
}

export function isCrossSiteWrite(req: Pick<IncomingMessage, 'method' | 'headers'>, trusted: readonly string[]): boolean {
  if (SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) return false;
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  const allowed = [...sameSiteOrigins(req), ...trusted].map((o) => o.toLowerCase());
  return !allowed.includes(String(origin).toLowerCase());
}
