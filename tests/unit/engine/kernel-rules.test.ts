import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type BotName, type GameEvent, type KernelState, type Scenario, type ScenarioInput } from '../../../server/engine';
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

// ---- Section 1.6 of the reference: corrections after the audit against kernel/sched ----

const releaseOf = (events: Stamped[], id: string, tick?: number) =>
  events.find((e) => e.type === 'release' && e.task === id && (tick === undefined || e.tick === tick));

describe('C1: pre-5.11 lazy migrate_disable keeps the pin until migrate_enable', () => {
  // L enters its section at tick 1; H1 stacks on it at 3 (L has not been switched out
  // yet, so it counts its full mask); L runs again from 6, still inside the section; H2
  // wakes on CPU 0 at 10.
  const s = scenario({
    cpus: 2,
    tasks: [
      task('L', 10, 0, [0], [{ run: 1 }, { md: 20 }, { run: 1 }]),
      task('H1', 90, 0, [3], [{ run: 3 }]),
      task('H2', 80, 0, [10], [{ run: 5 }]),
    ],
  });

  it('linux-rt-lazy: the first waker stacks (R2), the second is sent to the idle CPU because L still has nr_cpus_allowed 1', () => {
    const { events, result } = eventsOf(s, 'linux-rt-lazy');
    expect(releaseOf(events, 'H1')).toMatchObject({ tick: 3, cpu: 0, rule: 'R2' });
    expect(releaseOf(events, 'H2')).toMatchObject({ tick: 10, cpu: 1, rule: 'C1' });
    // Stranded only under H1 (ticks 3..5).
    expect(result.metrics.tasks.L.strandedTicks).toBe(3);
  });

  it('linux-rt-511 never narrows nr_cpus_allowed: H2 stacks on L a second time', () => {
    const { events, result } = eventsOf(s, 'linux-rt-511');
    expect(releaseOf(events, 'H2')).toMatchObject({ tick: 10, cpu: 0, rule: 'R2' });
    expect(result.metrics.tasks.L.strandedTicks).toBe(3 + 5);
  });
});

describe('C2: check_preempt_equal_prio', () => {
  // A (FIFO 50, any CPU) runs on CPU 0; W (FIFO 50, CPU 0 only) wakes there; CPU 1 idles.
  const s = scenario({
    cpus: 2,
    tasks: [
      task('A', 50, 0, [0], [{ run: 20 }]),
      task('W', 50, 0, [5], [{ run: 5 }], { affinity: [0] }),
    ],
  });

  it('the pinned equal-priority waker preempts the movable A, which is then pushed to the idle CPU', () => {
    const { events, result } = eventsOf(s, 'linux-rt-511');
    expect(releaseOf(events, 'W')).toMatchObject({ tick: 5, cpu: 0, rule: 'C2' });
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'C2' && e.task === 'W' && e.tick === 5)).toBe(true);
    // A was pushed away within the same tick, before CPU 0 picked W.
    expect(events).toContainEqual(expect.objectContaining({ type: 'switch', cpu: 0, from: 'A', to: 'W', tick: 5 }));
    expect(migrations(events)).toEqual([expect.objectContaining({ task: 'A', from: 0, to: 1, rule: 'R4', tick: 5 })]);
    // W runs at once instead of queueing behind A for 15 ticks.
    expect(result.metrics.tasks.W.maxResponse).toBe(5);
  });

  it('does not fire when the running task has nowhere to go (CPU 1 busy at a higher priority)', () => {
    const busy = scenario({
      cpus: 2,
      tasks: [
        task('A', 50, 0, [0], [{ run: 20 }]),
        task('W', 50, 0, [5], [{ run: 5 }], { affinity: [0] }),
        task('X', 90, 1, [0], [{ run: 30 }]),
      ],
    });
    const { events } = eventsOf(busy, 'linux-rt-511');
    expect(releaseOf(events, 'W')).toMatchObject({ cpu: 0, rule: 'R2' });
    expect(migrations(events)).toEqual([]);
  });
});

describe('C3: MDF_PUSH is consumed when the section ends the job', () => {
  // As the R0 case above, but H's section is the end of its job: the stopper (delay 1)
  // finds H migrate-disabled at 9 (MDF_PUSH); H leaves the section and finishes at 12.
  // H's second job is released at 45, when CPUs 0 and 2 are both idle.
  const s = scenario({
    cpus: 3,
    duration: 80,
    stopperDelay: 1,
    tasks: [
      task('L', 10, 0, [0], [{ run: 1 }, { md: 30 }, { run: 1 }]),
      task('H', 90, 0, [5, 45], [{ run: 3 }, { md: 5 }]),
      task('X', 50, 1, [0], [{ run: 8 }]),
      task('W', 30, 1, [1], [{ run: 10 }], { affinity: [1] }),
    ],
  });

  it('pushes H at migrate_enable, before it blocks; its next job wakes on the new CPU and the flag is cleared', () => {
    const flags: { tick: number; mdfPush: boolean }[] = [];
    const events: Stamped[] = [];
    simulate(s, {
      bot: 'linux-rt-511',
      onTick: (st) => {
        flags.push({ tick: st.tick - 1, mdfPush: (st.policy as KernelState).mdfPush[1] });
        st.events.forEach((e) => events.push({ ...e, tick: st.tick - 1 }));
      },
    });
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'R5' && e.task === 'H' && e.tick === 9)).toBe(true);
    expect(migrations(events).filter((e) => e.task === 'H')).toEqual([expect.objectContaining({ from: 0, to: 2, rule: 'C3', tick: 12 })]);
    expect(releaseOf(events, 'H', 45)).toMatchObject({ cpu: 2 });
    expect(flags.filter((f) => f.mdfPush).map((f) => f.tick)).toEqual([9, 10, 11]);
  });
});

describe('C4: SCHED_DEADLINE pulls on every DL block', () => {
  // CPU 0: R (deadline 30) is preempted inside its section by S (deadline 14).
  // CPU 1: P (deadline 100) finishes at the end of tick 4; Q (deadline 45) wakes there
  // at 5. CPU 1's next deadline is earlier than P's, yet P blocked, so it pulls: R's
  // CPU gets S stopper-pushed to CPU 1 (R4.4 through R9), and R runs again.
  const s = scenario({
    cpus: 2,
    class: 'edf',
    tasks: [
      { id: 'R', cpu: 0, release: { at: [0] }, deadline: 30, body: [{ run: 1 }, { md: 20 }] },
      { id: 'S', cpu: 0, release: { at: [2] }, deadline: 12, body: [{ run: 10 }] },
      { id: 'P', cpu: 1, release: { at: [0] }, deadline: 100, body: [{ run: 5 }] },
      { id: 'Q', cpu: 1, release: { at: [5] }, deadline: 40, body: [{ run: 5 }] },
    ],
  });

  it('pulls when P blocks although the CPU\'s next task has an earlier deadline', () => {
    const { events, result } = eventsOf(s, 'linux-rt-511');
    expect(events.some((e) => e.type === 'kernel' && e.rule === 'C4' && e.cpu === 1 && e.tick === 5)).toBe(true);
    expect(migrations(events)).toEqual([expect.objectContaining({ task: 'S', from: 0, to: 1, rule: 'R5', tick: 5 })]);
    expect(result.metrics.tasks.R.strandedTicks).toBe(0);
    expect(result.metrics.tasks.R.missed).toBe(0);
  });
});

describe('C5: SCHED_DEADLINE and affinity', () => {
  it('the validator refuses an edf task with a restricted affinity, naming the field and the kernel\'s reason', () => {
    const input = {
      format: 1, slug: 'dl', title: 'dl', cpus: 3, duration: 50, class: 'edf',
      tasks: [
        { id: 'A', cpu: 0, release: { at: [0] }, deadline: 10, body: [{ run: 2 }] },
        { id: 'B', cpu: 1, release: { at: [0] }, deadline: 10, body: [{ run: 2 }], affinity: [0, 1, 2] },
        { id: 'C', cpu: 1, release: { at: [0] }, deadline: 10, body: [{ run: 2 }], affinity: [1, 2] },
      ],
    };
    const r = parseScenario(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].path).toBe('tasks[2].affinity');
    expect(r.errors[0].message).toMatch(/admission control/);
    expect(r.errors[0].message).toMatch(/dl_task_check_affinity/);
    expect(r.errors[0].message).toMatch(/EBUSY/);
    // The same task set under fifo is fine.
    expect(parseScenario({ ...input, class: 'fifo', tasks: input.tasks.map((t) => ({ ...t, priority: 10 })) }).ok).toBe(true);
  });

  it('cpudl_find offers only the root domain\'s latest-deadline CPU when none is free, even if another CPU of the mask is later than the task', () => {
    // What the kernel would do with such a mask (the reason it refuses it): built past the validator.
    const fifo = scenario({
      cpus: 3,
      tasks: [
        task('A', 1, 0, [0], [{ run: 30 }]),
        task('B', 1, 1, [0], [{ run: 30 }]),
        task('C', 1, 2, [0], [{ run: 30 }]),
        task('Z', 1, 0, [2], [{ run: 5 }], { affinity: [0, 1] }),
      ],
    });
    const deadlines: Record<string, number> = { A: 20, B: 80, C: 150, Z: 40 };
    const s: Scenario = { ...fifo, class: 'edf', tasks: fifo.tasks.map((t) => ({ ...t, deadline: deadlines[t.id] })) };
    const { events } = eventsOf(s, 'linux-rt-511');
    // CPU 1 (deadline 80) is later than Z (42) and in Z's mask, but the heap maximum is
    // CPU 2 (150), outside it: no candidate, Z stays on CPU 0 behind A.
    expect(releaseOf(events, 'Z')).toMatchObject({ tick: 2, cpu: 0, rule: 'C5' });
    expect(migrations(events)).toEqual([]);
  });
});

describe('C6: RT_PUSH_IPI relay order', () => {
  // CPU 0 runs A (50) with B (45) queued; CPU 2 runs C (50) with D (40) queued; CPU 1
  // runs X (60) until tick 4, then demotes at 5 and starts the relay.
  const s = scenario({
    cpus: 3,
    tasks: [
      task('A', 50, 0, [0], [{ run: 30 }]),
      task('B', 45, 0, [0], [{ run: 30 }]),
      task('X', 60, 1, [0], [{ run: 5 }]),
      task('C', 50, 2, [0], [{ run: 30 }]),
      task('D', 40, 2, [0], [{ run: 30 }]),
    ],
  });

  it('visits CPU 0 before CPU 2 (ascending from CPU 0, skipping the caller): B is pulled, D stays', () => {
    const { events } = eventsOf(s, 'linux-rt-511');
    expect(migrations(events)).toEqual([expect.objectContaining({ task: 'B', from: 0, to: 1, rule: 'R7', tick: 5 })]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'kernel', rule: 'C6', cpu: 1, tick: 5, note: expect.stringMatching(/CPU 0, CPU 2$/) }));
  });
});
