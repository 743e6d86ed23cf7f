import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOT_NAMES, beats, cloneState, createGame, generateScenario, isPinned, NONE, stepInPlace,
  type Action, type GameState, type TaskIndex,
} from '../../server/engine';
import { changes } from '../../server/engine/metrics/changes';

/*
 * The per-tick figures as the engine keeps them (metrics/full-masks.ts: a sorted list
 * of waiting tasks updated from the runqueues that changed; figures.ts: matchings),
 * against a reference computed from scratch on every tick from the definitions
 * (figures.ts): greedy matchings best first, with augmenting paths. Runs are stepped in
 * place, as rooms and the benchmark do, so the list is carried from tick to tick; now
 * and then the run goes on from a copy, or another state is stepped in between, so the
 * list is rebuilt mid-run. Sets are larger than the exhaustive search in engine.test.ts
 * can take (up to 16 CPUs and 48 tasks).
 */

interface Figures {
  idle: number;
  wasted: number;
  stranded: number;
  inversion: number;
  wastedTasks: number[];
  strandedTasks: number[];
}

/** Offers the candidates in order; each is matched if an augmenting path reaches a usable CPU it may take. */
function greedyMatching(allowed: readonly (readonly number[])[], usable: readonly boolean[]): boolean[] {
  const owner = usable.map(() => -1);
  return allowed.map((_, i) => {
    const seen = usable.map(() => false);
    const augment = (x: number): boolean => {
      for (const c of allowed[x]) {
        if (!usable[c] || seen[c]) continue;
        seen[c] = true;
        if (owner[c] === -1 || augment(owner[c])) {
          owner[c] = x;
          return true;
        }
      }
      return false;
    };
    return augment(i);
  });
}

function referenceFigures(s: GameState): Figures {
  const affinity = (t: number) => s.scenario.tasks[t].affinity;
  const idleCpus = s.cpus.map((cpu) => cpu.running === NONE);
  const waiting = s.cpus.flatMap((cpu) => cpu.queue.filter((t) => t !== cpu.running));
  const bestFirst = [...waiting].sort((a, b) => (beats(s, a, b) ? -1 : 1));
  const rescue = (tasks: TaskIndex[]) => {
    const matched = greedyMatching(tasks.map(affinity), idleCpus);
    return tasks.filter((_, i) => matched[i]);
  };
  const wastedTasks = rescue(bestFirst);
  const strandedTasks = rescue(bestFirst.filter((t) => isPinned(s, t)));
  // The ideal schedule: running and waiting tasks, higher key first, running first at
  // equal keys; a pinned task only on the CPU it is on.
  const allowed = (t: number) => (isPinned(s, t as TaskIndex) ? [s.tasks[t].cpu] : affinity(t));
  const items = [
    ...s.cpus.flatMap((cpu) => (cpu.running === NONE ? [] : [{ key: cpu.runningKey, running: 1, allowed: allowed(cpu.running) }])),
    ...waiting.map((t) => ({ key: s.tasks[t].key, running: 0, allowed: allowed(t) })),
  ].sort((a, b) => b.key - a.key || b.running - a.running);
  const inIdeal = greedyMatching(items.map((x) => x.allowed), s.cpus.map(() => true));
  return {
    idle: idleCpus.filter(Boolean).length,
    wasted: wastedTasks.length,
    stranded: strandedTasks.length,
    inversion: items.filter((x, i) => x.running === 0 && inIdeal[i]).length,
    wastedTasks,
    strandedTasks,
  };
}

function engineFigures(s: GameState): Figures {
  const c = s.cache;
  return { idle: c.idle, wasted: c.wasted, stranded: c.stranded, inversion: c.inversion, wastedTasks: [...c.wastedTasks], strandedTasks: [...c.strandedTasks] };
}

const runArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  cpus: fc.integer({ min: 1, max: 16 }),
  tasksPerCpu: fc.integer({ min: 1, max: 3 }),
  utilisation: fc.double({ min: 0.3, max: 1.3, noNaN: true }),
  mdShare: fc.double({ min: 0, max: 1, noNaN: true }),
  // Mostly full masks (the kept list); sometimes narrowed ones (the matchings).
  affinityShare: fc.constantFrom(0, 0, 0, 0.4),
  cls: fc.constantFrom('fifo' as const, 'edf' as const),
  mdMode: fc.constantFrom('migrate_disable' as const, 'preempt_disable' as const),
  migrationCost: fc.integer({ min: 0, max: 2 }),
  bot: fc.constantFrom(...BOT_NAMES),
  moves: fc.array(fc.record({ tick: fc.nat(149), task: fc.nat(47), cpu: fc.nat(15) }), { maxLength: 60 }),
  // Ticks after which the run goes on from a copy, or after which another state is stepped.
  copies: fc.array(fc.nat(149), { maxLength: 3 }),
  intruders: fc.array(fc.nat(149), { maxLength: 3 }),
});

describe('per-tick figures kept across ticks, against a reference computed from scratch', () => {
  it('idle, wasted, stranded (with the tasks matched, best first) and inversion agree on every tick', () => {
    fc.assert(fc.property(runArb, (r) => {
      const duration = 150;
      const scenario = generateScenario({
        seed: r.seed, cpus: r.cpus, tasks: r.cpus * r.tasksPerCpu, duration, utilisation: r.utilisation, mdShare: r.mdShare,
        affinityShare: r.affinityShare, class: r.cls, mdMode: r.mdMode, migrationCost: r.migrationCost, balancer: r.bot,
      });
      const fullMasks = scenario.tasks.every((t) => t.affinity.length === scenario.cpus);
      const moves = [...r.moves].sort((a, b) => a.tick - b.tick);
      let s = createGame(scenario, { bot: r.bot });
      const intruder = createGame(scenario, { bot: r.bot });
      let k = 0;
      while (s.tick < duration) {
        const batch: Action[] = [];
        while (k < moves.length && moves[k].tick <= s.tick) {
          const m = moves[k++];
          batch.push({ tick: s.tick, type: 'migrate', task: scenario.tasks[m.task % scenario.tasks.length].id, cpu: m.cpu % scenario.cpus });
        }
        stepInPlace(s, batch);
        // From the first tick the list follows the state stepped in place (else only the rebuild would be tested here).
        if (fullMasks && s.tick === 1) expect(changes.owner).toBe(s);
        expect(engineFigures(s), `tick ${s.tick - 1}`).toEqual(referenceFigures(s));
        if (r.copies.includes(s.tick)) s = cloneState(s);
        if (r.intruders.includes(s.tick) && intruder.tick < duration) stepInPlace(intruder, []);
      }
    }), { numRuns: 100, seed: 90210 });
  });
});
