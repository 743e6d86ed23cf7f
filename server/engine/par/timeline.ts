import { simulate } from '../replay';
import type { Scenario } from '../scenario';
import { asTaskIndex, asTick, type TaskIndex, type Tick } from '../types';

/** One job as it will be released, whatever anybody does. */
export interface KnownJob {
  id: number;
  task: TaskIndex;
  release: Tick;
  deadline: Tick;
  /** Total work in ticks (its segment lengths, as drawn). */
  work: number;
}

/**
 * Every job the run will release, per task in release order: the solver's clairvoyance.
 *
 * Release ticks and segment lengths come from the state's PRNG, drawn at each release
 * in task order; no action and no balancer decision draws from it, so one run with no
 * action reveals the releases of every run on this scenario and seed.
 */
export interface Timeline {
  /** jobs[task]: that task's jobs, in release order (ids increase). */
  jobs: KnownJob[][];
  total: number;
}

export function timelineOf(scenario: Scenario, seed: number = scenario.seed): Timeline {
  const index = new Map(scenario.tasks.map((t, i) => [t.id, i] as const));
  const jobs: KnownJob[][] = scenario.tasks.map(() => []);
  let total = 0;
  simulate(scenario, {
    seed,
    onTick: (s) => {
      for (const e of s.events) {
        if (e.type !== 'release') continue;
        const task = index.get(e.task)!;
        jobs[task].push({ id: e.job, task: asTaskIndex(task), release: asTick(s.tick - 1), deadline: e.deadline, work: e.work });
        total++;
      }
    },
  });
  return { jobs, total };
}
