/**
 * The simulations the server runs outside its rooms' live ticks, as plain-data jobs: a
 * claimed run's verification, a checkpoint's replay, and the jobs that run user policies
 * (the policy editor's runs, a lab policy's rows, the arena's checks, sets and replays).
 * `runJob` is the one entry, the same on a worker thread (worker.ts, pool.ts) and inline.
 */
import { baselineScores, loadScenario, Session, type Action, type Baselines, type BotName, type GameState, type ScenarioInput } from '../engine';
import type { BaselineInput } from '../rooms/ports';
import { runLabPolicy, type LabPolicyInput, type LabPolicyOutput } from './lab-policy';
import { checkClaim, type ClaimInput, type ClaimVerdict } from './verify';
import { checkArenaPolicy, evaluateArenaSet, replayArenaSet, type ArenaCheck, type ArenaEvalInput, type ArenaReplay } from '../arena/evaluate';
import type { CompiledPolicy } from '../sandbox/compile';
import type { ArenaSetResult } from '../db/arena-types';
import { runPolicyJob, type PolicyRunInput, type PolicyRunOutput } from './policy-run';

/** A run to rebuild from a checkpoint: the scenario, seed and balancer, replayed with its log up to `tick`. */
export interface ReplayInput {
  scenario: ScenarioInput;
  seed: number;
  bot: BotName;
  log: readonly Action[];
  tick: number;
}

export type Job =
  | { kind: 'verify'; input: ClaimInput }
  | { kind: 'replay'; input: ReplayInput }
  // The arena's jobs (README "Arena"): one set of the hidden suite under one entry; run on the arena's own pool.
  | { kind: 'arena-check'; input: CompiledPolicy }
  | { kind: 'arena-eval'; input: ArenaEvalInput }
  | { kind: 'arena-replay'; input: ArenaEvalInput }
  // A user policy on a level or a pasted scenario, beside the bots (README "Policy editor").
  | { kind: 'policy-run'; input: PolicyRunInput }
  // A user policy's rows of a lab experiment (README "Lab in the browser").
  | { kind: 'lab-policy'; input: LabPolicyInput }
  // What each bot alone scores on a room's round (rooms ask at the start, use it at the end).
  | { kind: 'baselines'; input: BaselineInput };

export type JobKind = Job['kind'];

export interface JobOutput {
  verify: ClaimVerdict;
  replay: GameState;
  'arena-check': ArenaCheck;
  'arena-eval': ArenaSetResult;
  'arena-replay': ArenaReplay;
  'policy-run': PolicyRunOutput;
  'lab-policy': LabPolicyOutput;
  baselines: Baselines;
}

export function replayState(input: ReplayInput): GameState {
  const session = Session.replay(loadScenario(input.scenario), { seed: input.seed, bot: input.bot }, input.log);
  session.runTo(input.tick);
  return session.state;
}

/** Synchronous for the engine's jobs; a promise for those that load a sandboxed policy (QuickJS loads asynchronously). */
export function runJob<K extends JobKind>(job: Extract<Job, { kind: K }>): JobOutput[K] | Promise<JobOutput[K]>;
export function runJob(job: Job): JobOutput[JobKind] | Promise<JobOutput[JobKind]> {
  switch (job.kind) {
    case 'verify':
      return checkClaim(job.input);
    case 'replay':
      return replayState(job.input);
    case 'arena-check':
      return checkArenaPolicy(job.input);
    case 'arena-eval':
      return evaluateArenaSet(job.input);
    case 'arena-replay':
      return replayArenaSet(job.input);
    case 'policy-run':
      return runPolicyJob(job.input);
    case 'lab-policy':
      return runLabPolicy(job.input);
    case 'baselines':
      return baselineScores(loadScenario(job.input.scenario), job.input.seed, undefined, job.input.ticks);
  }
}
