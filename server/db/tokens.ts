/** Player tokens: handed to the client once, stored only as a hash. */
import { createHash, randomBytes } from 'node:crypto';

/** 128 random bits, base64url: the whole identity of an anonymous player. */
export function newPlayerToken(): string {
  return randomBytes(16).toString('base64url');
}

/** SHA-256, base64url: the same scheme as the rooms layer's seat tokens, so a player token can be a seat token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
