/**
 * The simulations the server runs outside its rooms' live ticks, as plain-data jobs: a
 * claimed run's verification, a checkpoint's replay and a lab user policy's rows.
 * `runJob` is the one entry, the same on a worker thread (worker.ts, pool.ts) and inline.
 */
import { loadScenario, Session, type Action, type BotName, type GameState, type ScenarioInput } from '../engine';
import { runLabPolicy, type LabPolicyInput, type LabPolicyOutput } from './lab-policy';
import { checkClaim, type ClaimInput, type ClaimVerdict } from './verify';

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
  | { kind: 'lab-policy'; input: LabPolicyInput };

export type JobKind = Job['kind'];

export interface JobOutput {
  verify: ClaimVerdict;
  replay: GameState;
  'lab-policy': LabPolicyOutput;
}

export function replayState(input: ReplayInput): GameState {
  const session = Session.replay(loadScenario(input.scenario), { seed: input.seed, bot: input.bot }, input.log);
  session.runTo(input.tick);
  return session.state;
}

/** Synchronous but for `lab-policy` (loading a policy into the sandbox is asynchronous). */
export function runJob<K extends JobKind>(job: Extract<Job, { kind: K }>): JobOutput[K] | Promise<JobOutput[K]>;
export function runJob(job: Job): JobOutput[JobKind] | Promise<JobOutput[JobKind]> {
  switch (job.kind) {
    case 'verify':
      return checkClaim(job.input);
    case 'replay':
      return replayState(job.input);
    case 'lab-policy':
      return runLabPolicy(job.input);
  }
}
