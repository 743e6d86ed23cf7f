import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH } from '../protocol';

/** A secret handed to one client (host or seat): 128 random bits, base64url. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Rooms keep only token hashes, so a checkpoint or a log line leaks no credential. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newJoinCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

export function newId(prefix: string): string {
  return prefix + randomBytes(9).toString('base64url');
}
