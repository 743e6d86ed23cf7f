import { solvePar, type ParOptions, type ParResult, type Scenario } from '../server/engine';

/**
 * `--budget-ms` for par (scripts/sim.ts). The engine's search budget is work units only
 * (server/engine/par/meter.ts: no clock in the engine, so a search is deterministic),
 * so milliseconds are turned into work units here, by calibration: a short probe search
 * (probeWork: the solver's fixed cost, two runs of the scenario, plus PROBE_EXTRA units) is timed on this machine, and the search is run again with the work
 * that fits in the time left at the probe's rate. The answer is the better of the two
 * (the probe's when it already proved its log optimal, or when no more work fits), and
 * it comes with the work budget that produced it: `--budget-work N` reproduces it
 * exactly, on any machine. The wall time is a target, not a hard cut-off: the probe
 * runs in full even when it takes longer than the budget, and the rate is measured on
 * a short search (the work units the search does not meter, a few runs of the
 * scenario, make the estimate err on the short side).
 */
export const PROBE_EXTRA = 4_000;

/** The probe's work budget: what the solver spends before any search (2 x duration) and a little search. */
export function probeWork(scenario: Scenario): number {
  return 2 * scenario.duration + PROBE_EXTRA;
}

export interface TimedPar {
  par: ParResult;
  /** The work budget whose search gave `par`: `--budget-work` with it gives the same log. */
  budgetWork: number;
  /** Work units per millisecond measured by the probe. */
  workPerMs: number;
}

export function parWithinMs(scenario: Scenario, ms: number, options: Omit<ParOptions, 'budget'> = {}, now: () => number = () => performance.now()): TimedPar {
  const first = probeWork(scenario);
  const t0 = now();
  const probe = solvePar(scenario, { ...options, budget: { work: first } });
  const probeMs = now() - t0;
  const workPerMs = probe.work / Math.max(probeMs, 0.001);
  const work = Math.floor(workPerMs * (ms - probeMs));
  if (probe.optimal || work <= first) return { par: probe, budgetWork: first, workPerMs };
  const par = solvePar(scenario, { ...options, budget: { work } });
  return par.score >= probe.score ? { par, budgetWork: work, workPerMs } : { par: probe, budgetWork: first, workPerMs };
}
