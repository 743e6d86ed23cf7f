import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asCpuId, asJobId, asTaskIndex, asTick, beats, BOT_NAMES, createGame, hashState, isPinned, loadScenario, NONE, simulate, step, stepInPlace,
  type Action, type BotName, type GameState, type Scenario, type ScenarioInput,
} from '../../server/engine';
import { recomputeFigures } from '../../server/engine/metrics/figures';

/**
 * Seeded fuzzing of the engine: random scenarios and random action logs, with the
 * invariants checked after every tick. fast-check prints the failing seed and the
 * shrunk case; pin such a case as a named regression test in tests/unit/engine.
 */

type TaskInput = ScenarioInput['tasks'][number];

const lengthArb = fc.oneof(
  fc.integer({ min: 1, max: 8 }),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 6 })).map(([a, d]) => [a, a + d] as [number, number]),
);

const segmentArb = fc.oneof(lengthArb.map((run) => ({ run })), lengthArb.map((md) => ({ md })));

function taskArb(cpus: number, index: number, fullAffinity: boolean): fc.Arbitrary<TaskInput> {
  return fc.record({
    priority: fc.integer({ min: 1, max: 99 }),
    cpu: fc.integer({ min: 0, max: cpus - 1 }),
    extra: fc.subarray(Array.from({ length: cpus }, (_, i) => i)),
    release: fc.oneof(
      fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }).map((at) => ({ at })),
      fc.record({ period: fc.integer({ min: 5, max: 40 }), offset: fc.integer({ min: 0, max: 20 }) }).map((periodic) => ({ periodic })),
      fc.record({ minGap: fc.integer({ min: 5, max: 20 }), span: fc.integer({ min: 0, max: 20 }), offset: fc.integer({ min: 0, max: 10 }) })
        .map(({ minGap, span, offset }) => ({ sporadic: { minGap, maxGap: minGap + span, offset } })),
    ),
    deadline: fc.integer({ min: 3, max: 60 }),
    body: fc.array(segmentArb, { minLength: 1, maxLength: 4 }),
  }).map(({ priority, cpu, extra, release, deadline, body }) => ({
    id: `T${index}`,
    priority,
    cpu,
    ...(fullAffinity ? {} : { affinity: [...new Set([cpu, ...extra])].sort((a, b) => a - b) }),
    release,
    deadline,
    body,
  }));
}

interface Case {
  scenario: Scenario;
  bot: BotName;
  actions: Action[];
}

function caseArb(opts: { fullAffinity?: boolean; bots?: readonly BotName[]; mdModes?: Scenario['mdMode'][] } = {}): fc.Arbitrary<Case> {
  return fc.record({ cpus: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 8 }), affinityFree: fc.boolean() })
    .chain(({ cpus, n, affinityFree }) => fc.record({
      tasks: fc.tuple(...Array.from({ length: n }, (_, i) => taskArb(cpus, i, opts.fullAffinity ?? affinityFree))),
      duration: fc.integer({ min: 10, max: 120 }),
      cls: fc.constantFrom('fifo' as const, 'edf' as const),
      mdMode: fc.constantFrom(...(opts.mdModes ?? ['migrate_disable', 'preempt_disable'] as const)),
      migrationCost: fc.integer({ min: 0, max: 3 }),
      stopperDelay: fc.integer({ min: 0, max: 2 }),
      seed: fc.integer({ min: 0, max: 1000 }),
      bot: fc.constantFrom(...(opts.bots ?? BOT_NAMES)),
      actions: fc.array(fc.record({
        tick: fc.integer({ min: 0, max: 119 }),
        type: fc.constantFrom('migrate' as const, 'place' as const),
        task: fc.integer({ min: 0, max: n }).map((i) => `T${i}`),
        cpu: fc.integer({ min: 0, max: cpus }),
      }), { maxLength: 30 }),
      cpus: fc.constant(cpus),
    }))
    .map(({ tasks, duration, cls, mdMode, migrationCost, stopperDelay, seed, bot, actions, cpus }) => ({
      scenario: loadScenario({
        format: 1, slug: 'prop', title: 'prop', cpus, duration, class: cls, mdMode, migrationCost, stopperDelay, seed,
        balancer: bot,
        // The kernel refuses a restricted affinity under SCHED_DEADLINE (C5): edf tasks get all CPUs.
        tasks: cls === 'edf' ? tasks.map((t) => ({ ...t, affinity: undefined })) : tasks,
      }),
      bot,
      actions: actions.filter((a) => a.tick < duration).sort((a, b) => a.tick - b.tick),
    }));
}

/** Runs a case tick by tick, calling `check(before, after, actions)` around every step. */
function runChecked(c: Case, check: (before: GameState, after: GameState, actions: Action[]) => void): GameState {
  let s = createGame(c.scenario, { bot: c.bot });
  let k = 0;
  while (s.tick < c.scenario.duration) {
    const batch: Action[] = [];
    while (k < c.actions.length && c.actions[k].tick === s.tick) batch.push(c.actions[k++]);
    const next = step(s, batch);
    check(s, next, batch);
    s = next;
  }
  return s;
}

const RUNS = 150;

/*
 * Exhaustive references for the per-tick figures, written from their definitions
 * (README, metrics/figures.ts) and not from the engine's algorithm: every subset of the
 * tasks involved is tried, and a subset can run at once iff Hall's condition holds
 * (each of its subsets may use at least as many CPUs as it has tasks). Cases have at
 * most 8 tasks, so at most 256 subsets.
 */

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** fits[S] for every subset S of the items: S can be given distinct CPUs from their masks. */
function fittingSubsets(masks: number[]): boolean[] {
  const n = masks.length;
  const fits = new Array<boolean>(1 << n).fill(false);
  for (let set = 0; set < 1 << n; set++) {
    let cpus = 0;
    for (let i = 0; i < n; i++) if (set & (1 << i)) cpus |= masks[i];
    let ok = popcount(cpus) >= popcount(set);
    for (let i = 0; ok && i < n; i++) if (set & (1 << i)) ok = fits[set & ~(1 << i)];
    fits[set] = ok;
  }
  return fits;
}

/** Of the subsets that fit, the one whose members, best first, compare best (rank 0 is best); larger sets first. */
function bestSubset(masks: number[], rank: number[]): number {
  const fits = fittingSubsets(masks);
  const members = (set: number) => rank.map((r, i) => ((set >> i) & 1 ? r : -1)).filter((r) => r >= 0).sort((a, b) => a - b);
  let best = 0;
  for (let set = 1; set < fits.length; set++) {
    if (!fits[set]) continue;
    const a = members(set), b = members(best);
    if (a.length !== b.length) {
      if (a.length > b.length) best = set;
      continue;
    }
    const k = a.findIndex((x, i) => x !== b[i]);
    if (k >= 0 && a[k] < b[k]) best = set;
  }
  return best;
}

function cpuMask(cpus: readonly number[]): number {
  return cpus.reduce((m, c) => m | (1 << c), 0);
}

/** Waiting tasks the best schedule runs: running and waiting tasks, priority first, running first at equal keys, pinned ones on their CPU. */
function bruteInversion(s: GameState): number {
  const items: { value: number; waiting: boolean; mask: number }[] = [];
  const allowed = (t: number) => (isPinned(s, asTaskIndex(t)) ? 1 << s.tasks[t].cpu : cpuMask(s.scenario.tasks[t].affinity));
  s.cpus.forEach((cpu) => {
    if (cpu.running !== NONE) items.push({ value: cpu.runningKey * 2 + 1, waiting: false, mask: allowed(cpu.running) });
    for (const t of cpu.queue) if (t !== cpu.running) items.push({ value: s.tasks[t].key * 2, waiting: true, mask: allowed(t) });
  });
  // Equal values are interchangeable for the count, so rank by value alone.
  const rank = items.map((x) => items.filter((y) => y.value > x.value).length);
  const best = bestSubset(items.map((x) => x.mask), rank);
  return items.filter((x, i) => x.waiting && (best >> i) & 1).length;
}

/** The maximum matching of idle CPUs to waiting tasks allowed there (pinned ones only if asked), best tasks first. */
function bruteRescue(s: GameState, pinnedOnly: boolean): { size: number; tasks: number[] } {
  const idle = cpuMask(s.cpus.flatMap((cpu, c) => (cpu.running === NONE ? [c] : [])));
  const waiting = s.cpus.flatMap((cpu) => cpu.queue.filter((t) => t !== cpu.running && (!pinnedOnly || isPinned(s, t))));
  const order = [...waiting].sort((a, b) => (beats(s, a, b) ? -1 : 1));
  const best = bestSubset(waiting.map((t) => cpuMask(s.scenario.tasks[t].affinity) & idle), waiting.map((t) => order.indexOf(t)));
  const tasks = waiting.filter((_, i) => (best >> i) & 1);
  return { size: tasks.length, tasks };
}

/**
 * A random mid-run state, built directly (denser in pinned waiters, narrow masks and
 * equal keys than runs reach): each task asleep or queued on a CPU in its mask, each
 * busy CPU running one of its queued tasks, queued tasks inside an entered MD section
 * (pinned) at random, and sometimes a running task that completed during the tick.
 */
const stateArb = fc.record({ cpus: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 8 }) }).chain(({ cpus, n }) => fc.record({
  cpus: fc.constant(cpus),
  tasks: fc.array(fc.record({
    home: fc.integer({ min: 0, max: cpus - 1 }),
    extra: fc.subarray(Array.from({ length: cpus }, (_, i) => i)),
    key: fc.integer({ min: 1, max: 4 }),
    queued: fc.boolean(),
    pinned: fc.boolean(),
  }), { minLength: n, maxLength: n }),
  runPick: fc.array(fc.nat(), { minLength: cpus, maxLength: cpus }),
  completed: fc.array(fc.boolean(), { minLength: cpus, maxLength: cpus }),
  allFull: fc.boolean(),
  edf: fc.boolean(),
})).map(({ cpus, tasks, runPick, completed, allFull, edf: edfWanted }) => {
  const edf = edfWanted && allFull; // the kernel refuses SCHED_DEADLINE with a narrowed mask (C5)
  const scenario = loadScenario({
    format: 1, slug: 'state', title: 'state', cpus, duration: 10, class: edf ? 'edf' : 'fifo', mdMode: 'migrate_disable', migrationCost: 0, seed: 1, balancer: 'none',
    tasks: tasks.map((t, i) => ({
      id: `T${i}`, priority: t.key, cpu: t.home, release: { at: [0] }, deadline: 5, body: [{ md: 2 }],
      ...(allFull ? {} : { affinity: [...new Set([t.home, ...t.extra])].sort((a, b) => a - b) }),
    })),
  });
  const s = createGame(scenario, { bot: 'none' });
  tasks.forEach((t, i) => {
    if (!t.queued) return;
    const task = s.tasks[i];
    task.runnable = true;
    task.cpu = asCpuId(t.home);
    task.seq = ++s.seq;
    if (edf) task.key = -10 * t.key; // minus a deadline: only the order matters here
    task.jobs = [{ id: asJobId(i + 1), release: asTick(0), deadline: asTick(5), lens: [2], seg: 0, done: t.pinned ? 1 : 0, missed: false }];
    s.cpus[t.home].queue.push(asTaskIndex(i));
  });
  s.cpus.forEach((cpu, c) => {
    if (cpu.queue.length === 0) return;
    const r = cpu.queue[runPick[c] % cpu.queue.length];
    cpu.running = r;
    cpu.runningKey = s.tasks[r].key;
    if (completed[c]) {
      s.tasks[r].runnable = false;
      s.tasks[r].jobs = [];
      cpu.queue.splice(cpu.queue.indexOf(r), 1);
    }
  });
  return s;
});

describe('per-tick figures on random states, against exhaustive search', () => {
  it('stranded and wasted are maximum matchings of idle CPUs (best tasks first), inversion the best schedule', () => {
    fc.assert(fc.property(stateArb, (s) => {
      recomputeFigures(s);
      const stranded = bruteRescue(s, true);
      const wasted = bruteRescue(s, false);
      expect(s.cache.stranded).toBe(stranded.size);
      expect(s.cache.wasted).toBe(wasted.size);
      expect([...s.cache.strandedTasks].sort()).toEqual(stranded.tasks.sort());
      expect([...s.cache.wastedTasks].sort()).toEqual(wasted.tasks.sort());
      expect(s.cache.inversion).toBe(bruteInversion(s));
    }), { numRuns: 3000, seed: 1234 });
  });
});

describe('engine invariants over random scenarios and action logs', () => {
  it('a pinned task never changes CPU, and no task runs on two CPUs in a tick', () => {
    fc.assert(fc.property(caseArb(), (c) => {
      runChecked(c, (before, after) => {
        for (let t = asTaskIndex(0); t < before.tasks.length; t++) {
          if (isPinned(before, t)) expect(after.tasks[t].cpu).toBe(before.tasks[t].cpu);
        }
        const running = after.cpus.map((cpu) => cpu.running).filter((r) => r !== NONE);
        expect(new Set(running).size).toBe(running.length);
        after.cpus.forEach((cpu, c2) => {
          if (cpu.running !== NONE) expect(after.tasks[cpu.running].cpu).toBe(c2);
        });
      });
    }), { numRuns: RUNS, seed: 20261124 });
  });

  it('no CPU idles or runs a lower task while a higher one waits in its own queue (fifo and edf, outside preempt_disable sections)', () => {
    fc.assert(fc.property(caseArb(), (c) => {
      runChecked(c, (before, after) => {
        after.cpus.forEach((cpu, ci) => {
          // Tasks that completed during the tick have left the queue; what remains waited all tick.
          const waiting = cpu.queue.filter((t) => t !== cpu.running);
          if (cpu.running === NONE) {
            expect(waiting).toEqual([]);
            return;
          }
          const r = after.tasks[cpu.running];
          // Inside an entered preempt_disable section at pick time, the running task keeps the CPU.
          const nonPreemptible = after.cfg.nonPreemptible && before.cpus[ci].running === cpu.running && isPinned(before, cpu.running);
          if (nonPreemptible || !r.runnable) return;
          for (const w of waiting) {
            // Keys are compared as they were at pick time: edf keys only change at job completion.
            expect(after.tasks[w].key).toBeLessThanOrEqual(cpu.runningKey);
          }
        });
      });
    }), { numRuns: RUNS, seed: 424242 });
  });

  it('conserves work: every executed tick is body work or paid migration cost', () => {
    fc.assert(fc.property(caseArb(), (c) => {
      let executed = 0;
      let completedWork = 0;
      const work = new Map<number, number>();
      const s = runChecked(c, (_before, after) => {
        executed += after.cpus.filter((cpu) => cpu.running !== NONE).length;
        for (const e of after.events) {
          if (e.type === 'release') work.set(e.job, e.work);
          if (e.type === 'complete') completedWork += work.get(e.job)!;
        }
      });
      let partial = 0;
      let owed = 0;
      for (const t of s.tasks) {
        owed += t.costLeft;
        for (const j of t.jobs) partial += j.lens.slice(0, j.seg).reduce((a, b) => a + b, 0) + j.done;
      }
      const charged = s.cfg.ideal ? 0 : s.metrics.migrations * c.scenario.migrationCost;
      expect(executed).toBe(completedWork + partial + (charged - owed));
      expect(s.metrics.met + s.metrics.missed).toBeLessThanOrEqual(s.metrics.jobs);
    }), { numRuns: RUNS, seed: 777 });
  });

  it('counts inversion ticks as an exhaustive search does: waiting tasks in the best affinity-respecting schedule', () => {
    fc.assert(fc.property(caseArb(), (c) => {
      runChecked(c, (before, after) => {
        expect(after.metrics.inversionTicks - before.metrics.inversionTicks).toBe(bruteInversion(after));
      });
    }), { numRuns: RUNS, seed: 8086 });
  });

  it('counts stranded and wasted CPU-ticks as an exhaustive search does: maximum matchings with idle CPUs, best tasks first', () => {
    fc.assert(fc.property(caseArb(), (c) => {
      runChecked(c, (before, after) => {
        const stranded = bruteRescue(after, true);
        const wasted = bruteRescue(after, false);
        expect(after.metrics.strandedCpuTicks - before.metrics.strandedCpuTicks).toBe(stranded.size);
        expect(after.metrics.wastedCpuTicks - before.metrics.wastedCpuTicks).toBe(wasted.size);
        after.metrics.tasks.forEach((tm, t) => {
          expect(tm.strandedTicks - before.metrics.tasks[t].strandedTicks, `stranded T${t}`).toBe(stranded.tasks.includes(t) ? 1 : 0);
          expect(tm.wastedTicks - before.metrics.tasks[t].wastedTicks, `wasted T${t}`).toBe(wasted.tasks.includes(t) ? 1 : 0);
        });
      });
    }), { numRuns: RUNS, seed: 4711 });
  });

  it('greedy-global has zero inversion ticks (full affinity)', () => {
    fc.assert(fc.property(caseArb({ fullAffinity: true, bots: ['greedy-global'] }), (c) => {
      const { result } = simulate(c.scenario, { bot: 'greedy-global', actions: c.actions });
      expect(result.metrics.inversionTicks).toBe(0);
      expect(result.metrics.strandedCpuTicks).toBe(0);
      expect(result.metrics.wastedCpuTicks).toBe(0);
    }), { numRuns: RUNS, seed: 99 });
  });

  it('replay gives the same final hash, through pure step() or in place', () => {
    fc.assert(fc.property(caseArb(), (c) => {
      const a = simulate(c.scenario, { bot: c.bot, actions: c.actions }).result;
      const b = simulate(c.scenario, { bot: c.bot, actions: c.actions }).result;
      expect(b).toEqual(a);
      const pure = runChecked(c, () => {});
      expect(hashState(pure)).toBe(a.finalHash);
      // A state that went through JSON (the wire, the database) steps on identically.
      const half = createGame(c.scenario, { bot: c.bot });
      const mid = Math.floor(c.scenario.duration / 2);
      let k = 0;
      const stepTo = (s: GameState, until: number) => {
        while (s.tick < until) {
          const batch: Action[] = [];
          while (k < c.actions.length && c.actions[k].tick === s.tick) batch.push(c.actions[k++]);
          stepInPlace(s, batch);
        }
      };
      stepTo(half, mid);
      const revived = JSON.parse(JSON.stringify(half)) as GameState;
      revived.scenario = c.scenario;
      stepTo(revived, c.scenario.duration);
      expect(hashState(revived)).toBe(a.finalHash);
    }), { numRuns: 80, seed: 31337 });
  });

  it('renumbering the CPUs of a symmetric scenario gives the same metrics (sticky and the player)', () => {
    fc.assert(fc.property(caseArb({ fullAffinity: true, bots: ['sticky', 'none'] }), fc.integer({ min: 1, max: 4 }), (c, shift) => {
      const m = c.scenario.cpus;
      const perm = (cpu: number) => (cpu + shift) % m;
      const input = structuredClone(c.scenario) as unknown as Scenario;
      const renamed = loadScenario({
        format: 1, slug: input.slug, title: input.title, cpus: m, duration: input.duration, class: input.class,
        mdMode: input.mdMode, migrationCost: input.migrationCost, balancer: c.bot, seed: input.seed,
        tasks: input.tasks.map((t) => ({
          id: t.id, priority: t.priority, cpu: perm(t.cpu), deadline: t.deadline,
          release: t.release.kind === 'at' ? { at: t.release.times } : t.release.kind === 'periodic' ? { periodic: { period: t.release.period, offset: t.release.offset } } : { sporadic: { minGap: t.release.minGap, maxGap: t.release.maxGap, offset: t.release.offset } },
          body: t.body.map((b) => (b.md ? { md: b.length } : { run: b.length })),
        })),
      });
      const actions = c.actions.map((a) => ({ ...a, cpu: a.cpu < m ? perm(a.cpu) : a.cpu }));
      const a = simulate(c.scenario, { bot: c.bot, actions: c.actions }).result.metrics;
      const b = simulate(renamed, { bot: c.bot, actions }).result.metrics;
      const { cpus: ca, ...restA } = a;
      const { cpus: cb, ...restB } = b;
      expect(restB).toEqual(restA);
      expect(cb.map((_, i) => cb[perm(i)].busyTicks)).toEqual(ca.map((x) => x.busyTicks));
    }), { numRuns: RUNS, seed: 2020 });
  });
});
