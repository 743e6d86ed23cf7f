/**
 * One set of the hidden suite under one arena entry: what the `arena-eval` and
 * `arena-replay` jobs run on the arena's own worker (server/sim/jobs.ts, arena/service.ts).
 * User code runs in the sandbox (server/sandbox) with its default limits, built-in bots
 * directly: the same engine and the same generated set either way.
 */
import { cpuViews, pinnedTasks, simulate, type BotName, type GameEvent, type Policy, type ScenarioInput } from '../engine';
import { generateScenarioInput } from '../engine/generate';
import { labScenario, type LabSet } from '../engine/experiment';
import type { CpuView } from '../engine/trace';
import type { CompiledPolicy, LoadErrorKind, PolicyFactory, SandboxedPolicy } from '../sandbox';
import type { ArenaSetResult } from '../db/arena-types';

/** Who runs: a built-in bot, or user code compiled on the main thread (plain data). */
export type Contender = { bot: BotName } | { compiled: CompiledPolicy };

export interface ArenaEvalInput {
  setIndex: number;
  set: LabSet;
  contender: Contender;
}

/** The replay of one set: the set's scenario (its seed blanked) and, per tick, what the timeline draws. */
export interface ArenaReplay {
  scenario: ScenarioInput;
  result: ArenaSetResult;
  frames: { events: GameEvent[]; cpus: CpuView[]; pinned: { task: string; cpu: number }[] }[];
}

// Loaded on first use: the rooms' workers, which share this module, never load QuickJS or the compiler.
type SandboxModule = typeof import('../sandbox');
let sandboxModule: Promise<SandboxModule> | null = null;
const sandbox = () => (sandboxModule ??= import('../sandbox'));

// Loading a policy runs its module once in QuickJS: a worker keeps the last few it loaded.
const factories = new Map<string, Promise<PolicyFactory>>();
function factoryOf(compiled: CompiledPolicy): Promise<PolicyFactory> {
  let f = factories.get(compiled.code);
  if (!f) {
    if (factories.size >= 4) factories.delete(factories.keys().next().value!);
    f = sandbox().then((m) => m.instantiatePolicy(compiled));
    factories.set(compiled.code, f);
    f.catch(() => factories.delete(compiled.code));
  }
  return f;
}

async function policyFor(c: Contender): Promise<{ bot?: BotName; policy?: SandboxedPolicy; faultOf?: SandboxModule['faultOf'] }> {
  if ('bot' in c) return { bot: c.bot };
  return { policy: (await factoryOf(c.compiled)).create(), faultOf: (await sandbox()).faultOf };
}

function resultOf(setIndex: number, r: ReturnType<typeof simulate>, faultOf?: SandboxModule['faultOf']): ArenaSetResult {
  const m = r.result.metrics;
  const fault = faultOf ? faultOf(r.state.policy) : null;
  return {
    setIndex, missed: m.missed, wasted: m.wastedCpuTicks, stranded: m.strandedCpuTicks, migrations: m.migrations, score: r.result.score, finalHash: r.result.finalHash,
    fault: fault ? { kind: fault.kind, message: `${fault.message} (in ${fault.call}())`, tick: fault.tick } : null,
  };
}

/** A compiled submission's check: its module run once in the sandbox (on the arena's worker, never the main thread). */
export type ArenaCheck = { ok: true } | { ok: false; kind: LoadErrorKind; message: string };

export async function checkArenaPolicy(compiled: CompiledPolicy): Promise<ArenaCheck> {
  const m = await sandbox();
  try {
    await factoryOf(compiled);
    return { ok: true };
  } catch (e) {
    if (e instanceof m.LoadError) return { ok: false, kind: e.kind, message: e.message.replace(`${e.filename}: ${e.kind}: `, '') };
    throw e;
  }
}

export async function evaluateArenaSet(input: ArenaEvalInput): Promise<ArenaSetResult> {
  const { bot, policy, faultOf } = await policyFor(input.contender);
  try {
    return resultOf(input.setIndex, simulate(labScenario(input.set), { seed: input.set.setSeed, ...(bot ? { bot } : {}), ...(policy ? { policy: policy as Policy } : {}) }), faultOf);
  } finally {
    policy?.dispose();
  }
}

export async function replayArenaSet(input: ArenaEvalInput): Promise<ArenaReplay> {
  const { bot, policy, faultOf } = await policyFor(input.contender);
  const frames: ArenaReplay['frames'] = [];
  try {
    const run = simulate(labScenario(input.set), {
      seed: input.set.setSeed, ...(bot ? { bot } : {}), ...(policy ? { policy: policy as Policy } : {}),
      onTick: (s) => frames.push({ events: s.events.map((e) => ({ ...e })), cpus: cpuViews(s), pinned: pinnedTasks(s) }),
    });
    const s = input.set;
    // The set as the engine ran it, but without its seed: the seeds stay the server's.
    const scenario = generateScenarioInput({
      seed: s.setSeed, cpus: s.cpus, tasks: s.tasks, duration: s.duration, utilisation: s.utilisation, mdShare: s.mdShare,
      affinityShare: s.affinityShare, sporadicShare: s.sporadicShare, class: s.class, mdMode: s.mdMode, migrationCost: s.migrationCost,
      slug: `arena-set-${input.setIndex}`, title: `Arena set ${input.setIndex + 1}`,
    });
    return { scenario: { ...scenario, seed: 0 }, result: resultOf(input.setIndex, run, faultOf), frames };
  } finally {
    policy?.dispose();
  }
}
