/**
 * Where the browser keeps the tokens the server hands out, per join code.
 *
 * A player's token lives in sessionStorage: it survives a reload of the tab (the
 * seat and its score come back) but a second tab of the same browser is a new
 * player, which is what a classroom with shared computers needs. The host's token
 * lives in localStorage, so a teacher who closes the tab can reopen the dashboard.
 * Storage can be unavailable (private modes, blocked cookies): then nothing is kept
 * and a reload simply asks to join again.
 */
const PREFIX = 'pileup';

function store(kind: 'session' | 'local'): Storage | null {
  try {
    return kind === 'session' ? window.sessionStorage : window.localStorage;
  } catch {
    return null;
  }
}

const key = (role: 'host' | 'player', code: string) => `${PREFIX}:${role}:${code.toUpperCase()}`;

export function getHostToken(code: string): string | null {
  return store('local')?.getItem(key('host', code)) ?? null;
}
export function setHostToken(code: string, token: string): void {
  store('local')?.setItem(key('host', code), token);
}
export function clearHostToken(code: string): void {
  store('local')?.removeItem(key('host', code));
}

/**
 * The host token of this browser's latest room: sent with the next room:create, so
 * the server knows this browser's rooms are one host's (it caps rooms per host,
 * and gives the new room the same token while one of them is live).
 */
export function getHostIdentity(): string | null {
  return store('local')?.getItem(`${PREFIX}:host-identity`) ?? null;
}
export function setHostIdentity(token: string): void {
  store('local')?.setItem(`${PREFIX}:host-identity`, token);
}

export function getPlayerToken(code: string): string | null {
  return store('session')?.getItem(key('player', code)) ?? null;
}
export function setPlayerToken(code: string, token: string): void {
  store('session')?.setItem(key('player', code), token);
}
export function clearPlayerToken(code: string): void {
  store('session')?.removeItem(key('player', code));
}

/**
 * The nickname last used in this browser. The join form only offers it (a shared
 * classroom computer serves many students): it never fills the field by itself.
 */
export function getLastNick(): string {
  return store('local')?.getItem(`${PREFIX}:nick`) ?? '';
}
export function setLastNick(nick: string): void {
  store('local')?.setItem(`${PREFIX}:nick`, nick);
}
export function clearLastNick(): void {
  store('local')?.removeItem(`${PREFIX}:nick`);
}

/** A late joiner watches instead of playing (no token): remembered per tab so a reload keeps watching. */
export function getWatching(code: string): boolean {
  return store('session')?.getItem(`${PREFIX}:watch:${code.toUpperCase()}`) === '1';
}
export function setWatching(code: string): void {
  store('session')?.setItem(`${PREFIX}:watch:${code.toUpperCase()}`, '1');
}

/** Join codes of the rooms this browser holds the host key of (to reopen their dashboards). */
export function hostedCodes(): string[] {
  const ls = store('local');
  if (!ls) return [];
  const out: string[] = [];
  for (let i = 0; i < ls.length; i++) {
    const k = ls.key(i);
    if (k?.startsWith(`${PREFIX}:host:`)) out.push(k.slice(`${PREFIX}:host:`.length));
  }
  return out.sort();
}
