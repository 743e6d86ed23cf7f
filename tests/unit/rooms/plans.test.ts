import { describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../../server/engine';
import { Run } from '../../../server/rooms/run';

// The email's pile-up: H wakes at tick 5 on CPU 0, where L sits in a migrate_disable() section.
const pileUp = loadScenario({
  format: 1, slug: 'plans', title: 'plans', cpus: 2, duration: 40, balancer: 'linux-rt-511',
  tasks: [
    { id: 'L', priority: 10, cpu: 0, release: { at: [0] }, deadline: 30, body: [{ run: 2 }, { md: 20 }, { run: 2 }] },
    { id: 'H', priority: 90, cpu: 0, release: { at: [5, 30] }, deadline: 25, body: [{ run: 15 }] },
  ],
});

function runTo(run: Run, tick: number): void {
  while (run.state.tick < tick) run.stepOnce();
}

describe('wakeup plans in server-run games', () => {
  it('announces sleeping tasks that wake soon, takes a place for one ahead and applies it on its release tick', () => {
    const run = new Run('r', pileUp, 1, 'linux-rt-511');
    runTo(run, 2);
    expect(run.view().incoming).toEqual([{ task: 'H', at: 5 }]);
    expect(run.submit({ task: 'H', cpu: 1 }, 'Ada')).toEqual({ ok: true, value: { tick: 5, type: 'place' } });
    expect(run.view().plans).toEqual([{ task: 'H', cpu: 1 }]);
    runTo(run, 6);
    expect(run.view().plans).toEqual([]);
    expect(run.log).toEqual([{ tick: 5, type: 'place', task: 'H', cpu: 1, player: 'Ada' }]);
    expect(run.view().cpus[1].running).toBe('H');
    runTo(run, 40);
    // Nothing stranded: H never stacked on L. The log replays to the same run.
    expect(run.stats().stranded).toBe(0);
    const replay = simulate(pileUp, { seed: 1, bot: 'linux-rt-511', actions: run.log }).result;
    expect(run.result()).toMatchObject({ finalHash: replay.finalHash, score: replay.score });
  });

  it('refuses a plan outside the affinity or the machine, and a co-op player may plan only for tasks of their CPUs', () => {
    const pinnedH = loadScenario({
      format: 1, slug: 'plans-aff', title: 'plans', cpus: 2, duration: 40, balancer: 'none',
      tasks: [
        { id: 'L', priority: 10, cpu: 0, release: { at: [0] }, deadline: 30, body: [{ run: 2 }, { md: 20 }] },
        { id: 'H', priority: 90, cpu: 0, affinity: [0], release: { at: [5] }, deadline: 25, body: [{ run: 15 }] },
      ],
    });
    const run = new Run('r', pinnedH, 1, 'none');
    runTo(run, 1);
    expect(run.submit({ task: 'H', cpu: 1 })).toMatchObject({ ok: false, reason: 'action/affinity' });
    expect(run.submit({ task: 'H', cpu: 9 })).toMatchObject({ ok: false, reason: 'action/unknown-cpu' });
    expect(run.submit({ task: 'H', cpu: 0 }, 'Bob', [1])).toMatchObject({ ok: false, reason: 'action/not-owner' });
    expect(run.view().plans).toEqual([]);
  });
});
