/**
 * The browser lab's simulations, off the page's thread: the built-in bots' rows of an
 * experiment (the engine's experimentSets and runLabSet, as `npm run lab` runs them, so
 * the rows are the CLI's), one message per set, and every bot (and par) on the user's own
 * task set. Cancelling terminates this worker.
 */
import { builtinRunner, experimentSets, figuresOf, runLabSet, type Experiment, type LabRunner } from '../../server/engine/experiment';
import { loadScenario, ScenarioInvalidError, solvePar } from '../../server/engine';
import type { LabWorkerReply, LabWorkerRequest } from '../lib/lab-worker-protocol';

const post = (m: LabWorkerReply) => (self as unknown as { postMessage(m: LabWorkerReply): void }).postMessage(m);

function runExperiment(e: Experiment, bots: string[]): void {
  const runners = new Map<string, LabRunner>(bots.map((b) => [b, builtinRunner(b)!]));
  const sets = experimentSets(e);
  for (let i = 0; i < sets.length; i++) post({ type: 'set', index: i, rows: runLabSet(sets[i], bots, (b) => runners.get(b)!) });
  post({ type: 'done' });
}

function runScenario(json: unknown, bots: string[], parWork: number): void {
  let scenario;
  try {
    scenario = loadScenario(json as never);
  } catch (e) {
    post({ type: 'error', message: e instanceof ScenarioInvalidError ? e.message : `not a scenario: ${(e as Error).message}` });
    return;
  }
  const seed = scenario.seed;
  const results = bots.map((bot) => ({ bot, ...figuresOf(builtinRunner(bot)!(scenario, seed)) }));
  post({ type: 'scenario', title: scenario.title, cpus: scenario.cpus, duration: scenario.duration, tasks: scenario.tasks.length, seed, balancer: scenario.balancer, results, par: null });
  if (parWork > 0) {
    const p = solvePar(scenario, { seed, budget: { work: parWork } });
    post({ type: 'par', par: { score: p.score, bound: p.bound, optimal: p.optimal, method: p.method, work: p.work } });
  }
  post({ type: 'done' });
}

self.onmessage = (ev: MessageEvent<LabWorkerRequest>) => {
  const m = ev.data;
  try {
    if (m.type === 'experiment') runExperiment(m.experiment, m.bots);
    else runScenario(m.scenario, m.bots, m.parWork);
  } catch (e) {
    post({ type: 'error', message: (e as Error).message });
  }
};
