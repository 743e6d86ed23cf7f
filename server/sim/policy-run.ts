/**
 * The policy editor's job (`policy-run`): user code loaded in the sandbox and run as the
 * balancer of one scenario, next to the built-in bots the user picked (and par where the
 * level stores it) on the same scenario and seed. Each run comes back with its score, its
 * figures, its stars where the scenario has goals, and its timeline as the classroom's
 * history frames (server/protocol/views.ts HistoryFrame: what app/lib/frames.ts records
 * into the Gantt), so the page draws every run the way it draws a room's.
 *
 * Runs on a simulation worker (pool.ts): a policy that blocks its thread is stopped by the
 * pool's per-job time budget, never on the server's event loop.
 */
import {
  baselineScores, cpuViews, loadScenario, pinnedTasks, scenarioCost, simulate, starsFor,
  type BotName, type GameState, type RunResult, type Scenario, type ScenarioInput,
} from '../engine';
import { builtinParFor } from '../engine/levels/par';
import type { PolicyFault, PolicyLoadFailure } from '../sandbox';
import type { HistoryFrame } from '../protocol/views';

/**
 * The largest scenario a policy run takes, in the units of MAX_SCENARIO_COST
 * (limits.ts): a sandboxed call costs about a thousand times a built-in bot's, and every
 * run's timeline travels back. The biggest built-in level (open-problem) costs 204,800.
 */
export const POLICY_RUN_MAX_COST = 1_000_000;
/** The longest scenario a policy run takes, in ticks (the timelines grow with it). */
export const POLICY_RUN_MAX_TICKS = 2_000;
/**
 * The timelines' share of an answer, as JSON characters, split evenly between the runs: a
 * run whose frames would pass its share is cut there (`cutAt`). open-problem with every
 * bot and par takes about 3 MB.
 */
export const POLICY_RUN_MAX_HISTORY_CHARS = 8_000_000;
/** console.log lines of the user policy sent back (the sandbox already keeps 20 per call). */
export const POLICY_RUN_MAX_LOGS = 200;

export interface PolicyRunInput {
  source: string;
  filename: string;
  /** A format-1 scenario (a built-in level's file, or one the user pasted). */
  scenario: ScenarioInput;
  /** Default: the scenario's own seed. */
  seed?: number;
  /** Built-in bots run alongside, in this order. */
  bots: readonly BotName[];
  /** Also run par (the level's stored best action log under its own balancer) where it is known. */
  par: boolean;
}

export interface RunFigures {
  score: number;
  jobs: number;
  met: number;
  missed: number;
  wastedCpuTicks: number;
  strandedCpuTicks: number;
  idleCpuTicks: number;
  inversionTicks: number;
  migrations: number;
  preemptions: number;
  tardiness: number;
  dropped: number;
}

export interface BalancerRun {
  /** `policy`, a bot's name, or `par`. */
  id: string;
  kind: 'policy' | 'bot' | 'par';
  figures: RunFigures;
  /** 0 to 3 where the scenario has goals or a stored par, else null. */
  stars: number | null;
  /** The user policy's fault, if it was stopped (the run went on without it). */
  fault: PolicyFault | null;
  /**
   * The timeline: every tick's events and the machine after it (ticks with nothing new are
   * left out); `cutAt` is the tick where it stops when it passed its share of the size limit.
   */
  history: PolicyRunHistory;
}

export type PolicyRunOutput =
  | { ok: false; loadError: PolicyLoadFailure }
  | {
      ok: true;
      policy: { name: string; summary: string };
      scenario: { slug: string; title: string; cpus: number; duration: number; seed: number };
      /** The user policy's run first, then the bots in the order asked, then par. */
      runs: BalancerRun[];
      logs: { tick: number; call: string; line: string }[];
    };

/** Why a scenario cannot be run by the editor (null when it can): the cost and length caps. */
export function policyRunRefusal(s: Pick<Scenario, 'cpus' | 'duration' | 'tasks'>): string | null {
  const cost = scenarioCost(s);
  if (cost > POLICY_RUN_MAX_COST) return `the scenario costs ${cost} units ((tasks x max(cpus, 16) + 256) x duration); policy runs take at most ${POLICY_RUN_MAX_COST}`;
  if (s.duration > POLICY_RUN_MAX_TICKS) return `the scenario lasts ${s.duration} ticks; policy runs take at most ${POLICY_RUN_MAX_TICKS}`;
  return null;
}

export interface PolicyRunHistory {
  since: number;
  frames: HistoryFrame[];
  cutAt: number | null;
}

/** A run's timeline, recorded while it runs: a frame per tick that changed something the Gantt draws, up to `maxChars` of JSON. */
function recorder(duration: number, maxChars: number): { onTick: (s: GameState) => void; history: PolicyRunHistory } {
  const history: PolicyRunHistory = { since: 0, frames: [], cutAt: null };
  const frames = history.frames;
  let chars = 0;
  let lastPinned = '';
  let lastIdle = '';
  const onTick = (s: GameState) => {
    if (history.cutAt !== null) return;
    const cpus = cpuViews(s);
    const pinned = pinnedTasks(s);
    // A quiet tick (no event, the same idle CPUs and pinned tasks) redraws as the last one did; stranding needs both.
    const idle = cpus.filter((c) => c.running === null).map((c) => c.cpu).join(',');
    const pins = pinned.map((p) => `${p.task}@${p.cpu}`).join(',');
    const stranding = idle !== '' && pins !== '';
    if (s.events.length === 0 && idle === lastIdle && pins === lastPinned && !stranding && s.tick < duration) return;
    lastIdle = idle;
    lastPinned = pins;
    const tick = s.tick - 1;
    const frame: HistoryFrame = { tick: s.tick, events: s.events.map((e) => ({ ...e, tick })), cpus, pinned };
    chars += JSON.stringify(frame).length + 1;
    if (chars > maxChars) {
      history.cutAt = tick;
      return;
    }
    frames.push(frame);
  };
  return { onTick, history };
}

function figuresOf(r: RunResult): RunFigures {
  const m = r.metrics;
  return {
    score: r.score, jobs: m.jobs, met: m.met, missed: m.missed, wastedCpuTicks: m.wastedCpuTicks, strandedCpuTicks: m.strandedCpuTicks,
    idleCpuTicks: m.idleCpuTicks, inversionTicks: m.inversionTicks, migrations: m.migrations, preemptions: m.preemptions,
    tardiness: m.tardiness, dropped: m.dropped,
  };
}

/** "line 3:14: ..." in the compiler's diagnostics (compile.ts): the first one's position. */
export async function runPolicyJob(input: PolicyRunInput): Promise<PolicyRunOutput> {
  const scenario = loadScenario(input.scenario);
  const refusal = policyRunRefusal(scenario);
  // The route checks this first; a job posted some other way is held to the same caps.
  if (refusal) throw new Error(refusal);
  const seed = input.seed ?? scenario.seed;
  // Loaded here, in the worker, and only for this job: TypeScript and QuickJS take a while to load.
  const { loadPolicy, LoadError, loadFailureOf } = await import('../sandbox');
  let factory;
  try {
    factory = await loadPolicy(input.source, input.filename);
  } catch (e) {
    if (!(e instanceof LoadError)) throw e;
    return { ok: false, loadError: loadFailureOf(e) };
  }

  const par = input.par ? builtinParFor(scenario, seed) : undefined;
  const withGoals = scenario.goals !== undefined || par !== undefined;
  const baselines = withGoals ? baselineScores(scenario, seed) : null;
  const starsOfRun = (r: RunResult) => baselines
    ? starsFor(scenario, { score: r.score, missed: r.metrics.missed, strandedCpuTicks: r.metrics.strandedCpuTicks }, baselines, par?.score ?? null)
    : null;

  const logs: { tick: number; call: string; line: string }[] = [];
  const policy = factory.create({
    onLog: (line, call, tick) => {
      if (logs.length < POLICY_RUN_MAX_LOGS) logs.push({ tick, call, line: line.slice(0, 500) });
    },
  });
  const runs: BalancerRun[] = [];
  const share = Math.floor(POLICY_RUN_MAX_HISTORY_CHARS / (1 + input.bots.length + (par ? 1 : 0)));
  try {
    const rec = recorder(scenario.duration, share);
    const { result } = simulate(scenario, { seed, policy, onTick: rec.onTick });
    runs.push({ id: 'policy', kind: 'policy', figures: figuresOf(result), stars: starsOfRun(result), fault: policy.fault, history: rec.history });
  } finally {
    policy.dispose();
  }
  for (const bot of input.bots) {
    const rec = recorder(scenario.duration, share);
    const { result } = simulate(scenario, { seed, bot, onTick: rec.onTick });
    runs.push({ id: bot, kind: 'bot', figures: figuresOf(result), stars: starsOfRun(result), fault: null, history: rec.history });
  }
  if (par) {
    const rec = recorder(scenario.duration, share);
    const { result } = simulate(scenario, { seed, bot: scenario.balancer, actions: par.actions, onTick: rec.onTick });
    runs.push({ id: 'par', kind: 'par', figures: figuresOf(result), stars: starsOfRun(result), fault: null, history: rec.history });
  }
  return {
    ok: true,
    policy: { name: factory.name, summary: factory.summary },
    scenario: { slug: scenario.slug, title: scenario.title, cpus: scenario.cpus, duration: scenario.duration, seed },
    runs,
    logs,
  };
}

