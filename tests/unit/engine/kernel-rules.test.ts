import { describe, expect, it } from 'vitest';
import { simulate, type BotName, type GameEvent, type Scenario, type ScenarioInput } from '../../../server/engine';
import { scenario, task } from '../../helpers/scenario';

/** Every event of a run, stamped with its tick. */
function eventsOf(s: Scenario, bot: BotName, extra: Parameters<typeof simulate>[1] = {}) {
  const events: (GameEvent & { tick: number })[] = [];
  const { result } = simulate(s, { bot, ...extra, onTick: (st) => st.events.forEach((e) => events.push({ ...e, tick: st.tick - 1 })) });
  return { events, result };
}

type Stamped = GameEvent & { tick: number };
const migrations = (events: Stamped[]) => events.filter((e) => e.type === 'migrate') as (Extract<GameEvent, { type: 'migrate' }> & { tick: number })[];

// The email's pile-up: L enters migrate_disable on CPU 0, H wakes on CPU 0, CPU 1 is idle.
const pileUp = scenario({
  cpus: 2,
  tasks: [
    task('L', 10, 0, [0], [{ run: 2 }, { md: 20 }, { run: 2 }]),
    task('H', 90, 0, [5], [{ run: 15 }]),
  ],
});

describe('R2 wake-up placement', () => {
  it('stacks a high-priority waker on the CPU of a lower, migrate-disabled task although another CPU idles', () => {
    const { events, result } = eventsOf(pileUp, 'linux-rt-511');
    const wake = events.find((e) => e.type === 'release' && e.task === 'H');
    expect(wake).toMatchObject({ tick: 5, cpu: 0, rule: 'R2' });
    // L waits pinned on CPU 0 for all of H's 15 ticks while CPU 1 idles.
    expect(result.metrics.strandedCpuTicks).toBe(15);
    expect(result.metrics.tasks.L.strandedTicks).toBe(15);
  });

  it('sends the waker to the lowest CPU (R3) when the current task has equal or higher priority', () => {
    const s = scenario({
      cpus: 3,
      tasks: [
        task('A', 50, 0, [0], [{ run: 10 }]),
        task('B', 20, 2, [0], [{ run: 10 }]),
        task('W', 40, 0, [3], [{ run: 3 }]),
      ],
    });
    const { events } = eventsOf(s, 'linux-rt-511');
    // CPU 1 is idle (lowest level), CPU 2 runs priority 20: W goes to CPU 1.
    expect(events.find((e) => e.type === 'release' && e.task === 'W')).toMatchObject({ cpu: 1, rule: 'R2/R3' });
  });
});

describe('R4 push', () => {
  it('pushes a preempted migratable task to the idle CPU right away', () => {
    const s = scenario({ cpus: 2, tasks: [task('L', 10, 0, [0], [{ run: 24 }]), task('H', 90, 0, [5], [{ run: 15 }])] });
    const { events, result } = eventsOf(s, 'linux-rt-511');
    expect(migrations(events)).toEqual([expect.objectContaining({ task: 'L', from: 0, to: 1, by: 'bot', rule: 'R4' })]);
    expect(migrations(events)[0]).toHaveProperty('tick', 5);
    expect(result.metrics.strandedCpuTicks).toBe(0);
  });

  it('never pushes a migrate-disabled head, and the ordinary push path says so', () => {
    const { events, result } = eventsOf(pileUp, 'linux-rt-511');
    expect(migrations(events)).toEqual([]);
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'R4' && e.task === 'L' && /migrate-disabled head/.test(e.note))).toBe(true);
    expect(result.metrics.migrations).toBe(0);
  });

  it('an MD head blocks pushing a lower pushable task of the same CPU, even with an idle CPU in its mask', () => {
    const s = scenario({
      cpus: 3,
      tasks: [
        task('L', 30, 0, [0], [{ run: 1 }, { md: 20 }]),
        task('X', 50, 1, [0], [{ run: 10 }]),
        task('Z', 60, 2, [0], [{ run: 2 }]),
        // M wakes at 1 behind L: no CPU of its mask is lower than it then (R2/R3 keep it on CPU 0).
        task('M', 10, 0, [1], [{ run: 20 }], { affinity: [0, 2] }),
        task('H', 90, 0, [2], [{ run: 10 }]),
      ],
    });
    const { events } = eventsOf(s, 'linux-rt-511');
    const at2 = events.filter((e) => e.tick === 2);
    // H preempts L on CPU 0; CPU 2 has just gone idle; the push round on CPU 0 stops at its MD head L.
    expect(at2.some((e) => e.type === 'kernel' && e.rule === 'R4' && e.cpu === 0 && e.task === 'L' && /migrate-disabled head blocks the push/.test(e.note))).toBe(true);
    expect(migrations(events).filter((e) => e.task === 'M' && e.tick === 2)).toEqual([]);
    // CPU 2's demotion pull then stopper-pushes H there instead (R7 -> R4.4 -> R5).
    expect(migrations(at2)).toEqual([expect.objectContaining({ task: 'H', from: 0, to: 2, rule: 'R5' })]);
  });
});

// CPU 0: L pinned under H. CPU 1: X runs, W (affinity CPU 1 only) waits behind it.
// CPU 2: idle from the start. When X finishes, CPU 1 demotes to W and pulls.
const rescue = (hBody: ScenarioInput['tasks'][number]['body'], stopperDelay = 0) =>
  scenario({
    cpus: 3,
    duration: 80,
    stopperDelay,
    tasks: [
      task('L', 10, 0, [0], [{ run: 1 }, { md: 30 }, { run: 1 }]),
      task('H', 90, 0, [5], hBody),
      task('X', 50, 1, [0], [{ run: 8 }]),
      task('W', 30, 1, [1], [{ run: 10 }], { affinity: [1] }),
    ],
  });

describe('R4.4 + R5: the stopper pushes the running preemptor away', () => {
  it('moves H to its own lowest CPU (idle CPU 2), not to the CPU that pulled (CPU 1)', () => {
    const { events, result } = eventsOf(rescue([{ run: 20 }]), 'linux-rt-511');
    const moves = migrations(events);
    expect(moves).toEqual([expect.objectContaining({ task: 'H', from: 0, to: 2, rule: 'R5', running: true })]);
    expect(moves[0]).toHaveProperty('tick', 8);
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'R7' && e.cpu === 1 && e.tick === 8)).toBe(true);
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'R4' && e.task === 'H' && /stopper queued/.test(e.note))).toBe(true);
    // L runs again on CPU 0 at tick 8: stranded for ticks 5..7 only.
    expect(result.metrics.tasks.L.strandedTicks).toBe(3);
  });

  it('linux-rt-lazy never rescues the pinned task: nothing moves H, L waits for H to finish', () => {
    const { events, result } = eventsOf(rescue([{ run: 20 }]), 'linux-rt-lazy');
    expect(migrations(events).filter((e) => e.task === 'H')).toEqual([]);
    expect(events.some((e) => e.type === 'kernel' && /stopper/.test(e.note))).toBe(false);
    // Stranded while H runs (5..24) whenever a CPU idles: CPU 2 idles throughout.
    expect(result.metrics.tasks.L.strandedTicks).toBe(20);
  });

  it('R0 MDF_PUSH: a stopper that finds the preemptor migrate-disabled pushes it at migrate_enable', () => {
    // H enters its own MD section at tick 8, the stopper (delay 1) runs at 9 and finds it pinned.
    const { events } = eventsOf(rescue([{ run: 3 }, { md: 5 }, { run: 12 }], 1), 'linux-rt-511');
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'R5' && e.task === 'H' && /MDF_PUSH/.test(e.note) && e.tick === 9)).toBe(true);
    const moves = migrations(events).filter((e) => e.task === 'H');
    // H leaves MD at tick 12; R0 queues the stopper at 13, it runs at 14.
    expect(moves).toEqual([expect.objectContaining({ rule: 'R0', from: 0, to: 2 })]);
    expect(moves[0]).toHaveProperty('tick', 14);
  });
});

describe('R8: an already idle CPU does not pull', () => {
  it('leaves L stranded for the whole of H with no pull at all', () => {
    const { events } = eventsOf(pileUp, 'linux-rt-511');
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'R7')).toBe(false);
    expect(events.filter((e) => e.type === 'switch' && e.cpu === 1)).toEqual([]);
  });
});

describe('reference bots', () => {
  it('sticky never migrates and greedy-global runs both tasks at once', () => {
    expect(simulate(pileUp, { bot: 'sticky' }).result.metrics.migrations).toBe(0);
    const ideal = simulate(pileUp, { bot: 'greedy-global' }).result;
    expect(ideal.metrics.strandedCpuTicks).toBe(0);
    expect(ideal.metrics.inversionTicks).toBe(0);
    expect(ideal.metrics.missed).toBe(0);
  });
});

describe('R9: EDF balancing', () => {
  it('never pushes a migrate-disabled earliest-deadline task, and pulls migratable work on demotion', () => {
    const s = scenario({
      cpus: 2,
      class: 'edf',
      tasks: [
        { id: 'L', cpu: 0, release: { at: [0] }, deadline: 60, body: [{ run: 1 }, { md: 20 }] },
        { id: 'H', cpu: 0, release: { at: [3] }, deadline: 15, body: [{ run: 10 }] },
      ],
    });
    const { events, result } = eventsOf(s, 'linux-rt-511');
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'R9' && e.task === 'L')).toBe(true);
    expect(migrations(events)).toEqual([]);
    expect(result.metrics.tasks.L.strandedTicks).toBe(10);
  });
});

describe('P1: pre-5.11 a switched-out migrate-disabled task is invisible to the balancer', () => {
  it('linux-rt-lazy does not even consider the pinned L when H preempts it (no push attempt on its behalf)', () => {
    const { events } = eventsOf(pileUp, 'linux-rt-lazy');
    expect(events.filter((e) => e.type === 'kernel' && e.task === 'L')).toEqual([]);
    expect(migrations(events)).toEqual([]);
  });
});
