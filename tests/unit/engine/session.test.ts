import { describe, expect, it } from 'vitest';
import { INCOMING_HORIZON, loadScenario, Session, simulate, type Action } from '../../../server/engine';

// L wakes at 0 and pins itself from tick 2 to 21; H wakes at 5 and 40 (beyond the horizon from tick 0).
const duel = loadScenario({
  format: 1, slug: 'session', title: 'session', cpus: 3, duration: 80, balancer: 'sticky',
  tasks: [
    { id: 'L', priority: 10, cpu: 0, release: { at: [0] }, deadline: 40, body: [{ run: 2 }, { md: 20 }, { run: 2 }] },
    { id: 'H', priority: 90, cpu: 0, release: { at: [5, 40] }, deadline: 25, body: [{ run: 10 }] },
    { id: 'Z', priority: 50, cpu: 2, affinity: [2], release: { at: [1] }, deadline: 20, body: [{ run: 3 }] },
  ],
});

describe('Session: what a move becomes', () => {
  it('a sleeping task with an announced wakeup gets a placement at that tick; an awake one a migration now', () => {
    const s = Session.start(duel);
    s.runTo(1);
    expect(s.submit('H', 1)).toEqual({ ok: true, type: 'place', tick: 5 });
    expect(s.submit('L', 2)).toEqual({ ok: true, type: 'migrate', tick: 1 });
    s.runTo(6);
    expect(s.log).toEqual([
      { tick: 1, type: 'migrate', task: 'L', cpu: 2 },
      { tick: 5, type: 'place', task: 'H', cpu: 1 },
    ]);
    expect(s.state.cpus[1].running).toBe(s.state.scenario.tasks.findIndex((t) => t.id === 'H'));
  });

  it('a wakeup beyond the horizon, or none at all, is not runnable yet', () => {
    const s = Session.start(duel);
    s.runTo(16); // H's first job ran 5..15 on CPU 0 and it sleeps until 40: 24 ticks ahead, inside the horizon
    expect(40 - s.tick).toBeLessThan(INCOMING_HORIZON);
    expect(s.submit('H', 1)).toMatchObject({ ok: true, type: 'place', tick: 40 });
    const early = Session.start(duel);
    early.runTo(6);
    early.runTo(10);
    expect(early.incoming()).toEqual([]);
    // Z ran its only job: it never wakes again.
    expect(early.submit('Z', 2)).toEqual({ ok: false, reason: 'not-runnable' });
    const far = Session.start(loadScenario({ ...duelInput(), tasks: [{ id: 'F', priority: 5, cpu: 0, release: { at: [INCOMING_HORIZON] }, deadline: 9, body: [{ run: 1 }] }] }));
    expect(far.incoming()).toEqual([]);
    expect(far.submit('F', 1)).toEqual({ ok: false, reason: 'not-runnable' });
    far.runTo(1);
    expect(far.incoming()).toEqual([{ task: 'F', at: INCOMING_HORIZON }]);
    expect(far.submit('F', 1)).toEqual({ ok: true, type: 'place', tick: INCOMING_HORIZON });
  });

  it('plans are checked for what cannot change before the wakeup: the CPU, the affinity, the owner of the target CPU', () => {
    const s = Session.start(duel);
    expect(s.submit('Z', 1)).toEqual({ ok: false, reason: 'affinity' });
    expect(s.submit('H', 3)).toEqual({ ok: false, reason: 'unknown-cpu' });
    expect(s.submit('H', 1, { player: 'Ann', owned: [0] })).toEqual({ ok: false, reason: 'not-owner' });
    expect(s.submit('H', 1, { player: 'Bob', owned: [1] })).toMatchObject({ ok: true, type: 'place' });
    expect(s.submit('Q', 1)).toEqual({ ok: false, reason: 'unknown-task' });
    expect(s.planned()).toEqual([{ task: 'H', cpu: 1 }]);
  });

  it('a later move of the same actor replaces the earlier one; another actor queues behind; cancel withdraws', () => {
    const s = Session.start(duel);
    s.runTo(1);
    expect(s.submit('L', 1, { player: 'Ann' }).ok).toBe(true);
    expect(s.submit('L', 2, { player: 'Ann' }).ok).toBe(true);
    expect(s.submit('L', 1, { player: 'Bob' }).ok).toBe(true);
    expect(s.queued.map((a) => [a.player, a.cpu])).toEqual([['Ann', 2], ['Bob', 1]]);
    s.cancel('L', { player: 'Bob' });
    expect(s.queued.map((a) => [a.player, a.cpu])).toEqual([['Ann', 2]]);
    s.step();
    expect(s.log).toEqual([{ tick: 1, type: 'migrate', task: 'L', cpu: 2, player: 'Ann' }]);
  });

  it('a placement where the task wakes anyway is honoured, not refused', () => {
    const s = Session.start(duel);
    s.runTo(1);
    expect(s.submit('H', 0)).toMatchObject({ ok: true, type: 'place', tick: 5 });
    s.runTo(6);
    expect(s.state.metrics.refusedActions).toBe(0);
  });
});

describe('Session: waiting moves and plans when ownership changes', () => {
  it('reown gives an actor\'s waiting actions its new CPUs, withdraws what it no longer decides, and leaves other actors alone', () => {
    const s = Session.start(duel);
    s.runTo(1);
    expect(s.submit('H', 1, { player: 'Bob', owned: [1] })).toMatchObject({ ok: true, type: 'place' });
    expect(s.submit('L', 1, { player: 'Ada', owned: [0] })).toMatchObject({ ok: true, type: 'migrate' });
    s.reown('Bob', [2]);
    expect(s.queued).toEqual([{ tick: 1, type: 'migrate', task: 'L', cpu: 1, player: 'Ada', owned: [0] }]);
    s.reown('Ada', [0, 2]);
    expect(s.queued).toEqual([{ tick: 1, type: 'migrate', task: 'L', cpu: 1, player: 'Ada', owned: [0, 2] }]);
    s.reown('Ada');
    expect(s.queued).toEqual([]);
  });

  it('requeue puts back what a session at the same tick had waiting, re-checked: the run goes on as if never interrupted', () => {
    const live = Session.start(duel);
    live.runTo(1);
    live.submit('H', 1, { player: 'Bob' });
    live.submit('L', 2, { player: 'Ada' });
    const waiting = live.queued.map((a) => ({ ...a }));
    const resumed = Session.replay(duel, {}, [...live.log]);
    resumed.runTo(1);
    // A stale entry (its wakeup is past) is dropped, not applied.
    resumed.requeue([...waiting, { tick: 0, type: 'place', task: 'Z', cpu: 2 }]);
    expect(resumed.queued).toEqual(waiting);
    live.runTo(80);
    resumed.runTo(80);
    expect(resumed.log).toEqual(live.log);
    expect(resumed.result().finalHash).toBe(live.result().finalHash);
  });
});

describe('Session: the one fold', () => {
  it('a replaying session reads the log in place, and plays on live on a copy once it is used up', () => {
    const log: Action[] = [{ tick: 1, type: 'migrate', task: 'L', cpu: 1 }, { tick: 3, type: 'migrate', task: 'L', cpu: 0 }];
    const frozen = JSON.stringify(log);
    const s = Session.replay(duel, {}, log);
    expect(() => s.submit('L', 2)).toThrow(/still has actions to replay/);
    s.runTo(4);
    expect(s.state.metrics.playerMigrations).toBe(1); // tick 3: L is pinned, refused
    expect(s.state.metrics.refusedActions).toBe(1);
    expect(s.submit('H', 2).ok).toBe(true);
    s.runTo(6);
    expect(JSON.stringify(log)).toBe(frozen);
    expect(s.log).toHaveLength(3);
    expect(simulate(duel, { actions: s.log, ticks: 6 }).result.finalHash).toBe(s.result().finalHash);
  });

  it('late actions reach step() and are refused as wrong-tick, exactly as logged', () => {
    // Stamped with tick 0 but behind a tick-1 action: they are taken on tick 1, late.
    const s = Session.replay(duel, {}, [
      { tick: 1, type: 'migrate', task: 'L', cpu: 2 },
      { tick: 0, type: 'migrate', task: 'L', cpu: 1 },
      { tick: 0, type: 'migrate', task: 'Z', cpu: 2 },
    ]);
    s.runTo(2);
    expect(s.state.metrics.playerMigrations).toBe(1);
    expect(s.state.metrics.refusedActions).toBe(2);
    expect(s.state.events.filter((e) => e.type === 'refused').map((e) => e.type === 'refused' && e.reason)).toEqual(['wrong-tick', 'wrong-tick']);
  });

  it('a snapshot restored over the same log continues exactly as the original', () => {
    const log: Action[] = [{ tick: 1, type: 'migrate', task: 'L', cpu: 1 }, { tick: 7, type: 'migrate', task: 'H', cpu: 2 }];
    const a = Session.replay(duel, {}, log);
    a.runTo(4);
    const b = Session.restore(a.snapshot(), log);
    a.runTo(duel.duration);
    b.runTo(duel.duration);
    expect(b.result()).toEqual(a.result());
    expect(a.state.metrics.playerMigrations).toBe(2);
  });
});

function duelInput() {
  return { format: 1 as const, slug: 'far', title: 'far', cpus: 2, duration: 80, balancer: 'sticky' as const };
}
