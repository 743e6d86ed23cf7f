import { describe, expect, it } from 'vitest';
import { checkAction, createGame, loadScenario, stepInPlace } from '../../../server/engine';
import {
  actionReason, CLIENT_SCHEMAS, C2S, CODE_ALPHABET, codeSchema, gameActionSchema, isReason, nickSchema,
  PROTOCOL_VERSION, roomControlSchema, roomCreateSchema, roomJoinSchema, roomRoundSchema, versionRefusal,
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
    expect(gameActionSchema.safeParse({ roomId: 'r1', task: 'A', cpu: 1, tick: 5 }).success).toBe(false);
    // The move's kind is the server's decision, not the client's.
    expect(gameActionSchema.safeParse({ roomId: 'r1', type: 'place', task: 'A', cpu: 1 }).success).toBe(false);
    expect(gameActionSchema.safeParse({ roomId: 'r1', task: 'A', cpu: 1 }).success).toBe(true);
  });
  it('accepts the old bot name global-ideal as greedy-global, and refuses unknown bots', () => {
    const room = roomCreateSchema.safeParse({ kind: 'race', scenario: { slug: 'pile-up' }, bot: 'global-ideal' });
    expect(room.success && room.data.bot).toBe('greedy-global');
    expect(roomCreateSchema.safeParse({ kind: 'race', scenario: { slug: 'pile-up' }, bot: 'skynet' }).success).toBe(false);
  });
  it('checks control commands by op', () => {
    const base = { roomId: 'r1', hostToken: 'x'.repeat(22) };
    expect(roomControlSchema.safeParse({ ...base, command: { op: 'speed', speed: 8 } }).success).toBe(true);
    expect(roomControlSchema.safeParse({ ...base, command: { op: 'speed', speed: 9 } }).success).toBe(false);
    expect(roomControlSchema.safeParse({ ...base, command: { op: 'speed', speed: 0.1 } }).success).toBe(false);
    expect(roomControlSchema.safeParse({ ...base, command: { op: 'explode' } }).success).toBe(false);
  });
  it('a new round: host proof required, scenario, seed and bot optional and checked, nothing else', () => {
    const base = { roomId: 'r1', hostToken: 'x'.repeat(22) };
    expect(roomRoundSchema.safeParse(base).success).toBe(true);
    expect(roomRoundSchema.safeParse({ ...base, scenario: { slug: 'idle-cpus' }, seed: 7, bot: 'sticky' }).success).toBe(true);
    expect(roomRoundSchema.safeParse({ roomId: 'r1' }).success).toBe(false);
    expect(roomRoundSchema.safeParse({ ...base, seed: -1 }).success).toBe(false);
    expect(roomRoundSchema.safeParse({ ...base, scenario: { slug: 'Not A Slug' } }).success).toBe(false);
    expect(roomRoundSchema.safeParse({ ...base, kind: 'coop' }).success).toBe(false);
    expect(isReason('round/in-progress') && isReason('round/too-many')).toBe(true);
  });
    it('passes every refusal the engine gives through as a protocol reason', () => {
    // Real refusals from the engine (not its list): a state where each one happens.
    const s = createGame(loadScenario({
      format: 1, slug: 'r', title: 'R', cpus: 2, duration: 20, balancer: 'none', seed: 1,
      tasks: [
        { id: 'P', priority: 50, cpu: 0, release: { at: [0] }, deadline: 20, body: [{ md: 10 }] },
        { id: 'S', priority: 40, cpu: 0, release: { at: [15] }, deadline: 20, body: [{ run: 1 }] },
        { id: 'A', priority: 30, cpu: 0, affinity: [0], release: { at: [0] }, deadline: 20, body: [{ run: 10 }] },
      ],
    }));
    stepInPlace(s, []);
    const refusals = [
      checkAction(s, { tick: 1, type: 'migrate', task: 'Q', cpu: 1 }),
      checkAction(s, { tick: 1, type: 'migrate', task: 'P', cpu: 9 }),
      checkAction(s, { tick: 1, type: 'migrate', task: 'S', cpu: 1 }),
      checkAction(s, { tick: 1, type: 'migrate', task: 'P', cpu: 1 }),
      checkAction(s, { tick: 1, type: 'migrate', task: 'A', cpu: 1 }),
      checkAction(s, { tick: 1, type: 'migrate', task: 'A', cpu: 0 }),
    ];
    expect(refusals).toEqual(['unknown-task', 'unknown-cpu', 'not-runnable', 'pinned', 'affinity', 'same-cpu']);
    for (const r of refusals) {
      const reason = actionReason(r!);
      expect(reason).toBe(`action/${r}`);
      expect(isReason(reason)).toBe(true);
    }
    expect(isReason('action/nonsense')).toBe(false);
    expect(isReason('protocol/version')).toBe(false);
  });
  it('decides which side of a version mismatch is behind', () => {
    expect(versionRefusal(PROTOCOL_VERSION)).toBeNull();
    expect(versionRefusal(PROTOCOL_VERSION - 1)).toBe('protocol/client-too-old');
    expect(versionRefusal(PROTOCOL_VERSION + 1)).toBe('protocol/server-too-old');
    expect(versionRefusal(3, 5)).toBe('protocol/client-too-old');
    expect(versionRefusal(7, 5)).toBe('protocol/server-too-old');
    // No version, or not an integer: a page from before versioning, the old side.
    for (const v of [undefined, null, '2', 1.5, NaN]) expect(versionRefusal(v)).toBe('protocol/client-too-old');
    for (const r of ['protocol/client-too-old', 'protocol/server-too-old']) expect(isReason(r)).toBe(true);
  });
});
