import { describe, expect, it } from 'vitest';
import {
  ACTION_REASONS, CLIENT_SCHEMAS, C2S, CODE_ALPHABET, codeSchema, gameActionSchema, isReason, nickSchema,
  roomControlSchema, roomCreateSchema, roomJoinSchema, soloCreateSchema,
} from '../../../server/protocol';

describe('nicknames', () => {
  it('trims, collapses spaces and accepts letters of any script', () => {
    expect(nickSchema.parse('  Ada   Lovelace ')).toBe('Ada Lovelace');
    expect(nickSchema.parse('Zoë_1.x-y')).toBe('Zoë_1.x-y');
    expect(nickSchema.parse('李小龍')).toBe('李小龍');
  });
  it.each(['a', ' b ', 'x'.repeat(21), '<script>', 'a&b', 'tom"', "o'neil", 'a/b', '', 'ab\u0000'])('refuses %j', (nick) => {
    expect(nickSchema.safeParse(nick).success).toBe(false);
  });
});

describe('join codes', () => {
  it('has no ambiguous characters', () => {
    for (const c of '0O1I') expect(CODE_ALPHABET).not.toContain(c);
  });
  it('upper-cases and trims what people type', () => {
    expect(codeSchema.parse(' abc234 ')).toBe('ABC234');
  });
  it('refuses ambiguous or wrong-length codes', () => {
    expect(codeSchema.safeParse('ABC0O1').success).toBe(false);
    expect(codeSchema.safeParse('ABC23').success).toBe(false);
  });
});

describe('client messages', () => {
  it('has a schema for every client event', () => {
    expect(Object.keys(CLIENT_SCHEMAS).sort()).toEqual(Object.values(C2S).sort());
  });
  it('refuses unknown keys (strict objects)', () => {
    expect(roomJoinSchema.safeParse({ code: 'ABC234', nick: 'bob', admin: true }).success).toBe(false);
    expect(gameActionSchema.safeParse({ roomId: 'r1', type: 'migrate', task: 'A', cpu: 1, tick: 5 }).success).toBe(false);
  });
  it('accepts the old bot name global-ideal as greedy-global, and refuses unknown bots', () => {
    const solo = soloCreateSchema.safeParse({ scenario: { slug: 'pile-up' }, bot: 'global-ideal' });
    expect(solo.success && solo.data.bot).toBe('greedy-global');
    const room = roomCreateSchema.safeParse({ kind: 'race', scenario: { slug: 'pile-up' }, bot: 'global-ideal' });
    expect(room.success && room.data.bot).toBe('greedy-global');
    expect(soloCreateSchema.safeParse({ scenario: { slug: 'pile-up' }, bot: 'skynet' }).success).toBe(false);
  });
  it('checks control commands by op', () => {
    const base = { roomId: 'r1', hostToken: 'x'.repeat(22) };
    expect(roomControlSchema.safeParse({ ...base, command: { op: 'speed', speed: 8 } }).success).toBe(true);
    expect(roomControlSchema.safeParse({ ...base, command: { op: 'speed', speed: 9 } }).success).toBe(false);
    expect(roomControlSchema.safeParse({ ...base, command: { op: 'speed', speed: 0.1 } }).success).toBe(false);
    expect(roomControlSchema.safeParse({ ...base, command: { op: 'explode' } }).success).toBe(false);
  });
  it('maps every engine refusal to an action reason', () => {
    expect(ACTION_REASONS).toContain('action/pinned');
    for (const r of ACTION_REASONS) expect(isReason(r)).toBe(true);
    expect(isReason('action/nonsense')).toBe(false);
  });
});
