import { getQuickJS, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { Decision, Json, Note, Placement, Policy, PolicyView } from '../engine';
import { compilePolicy, type CompiledPolicy } from './compile';
import { describeFault, LoadError, type PolicyCall, type PolicyFault } from './errors';
import { DEFAULT_LIMITS, PolicyVm, VmSetupError, type CallOutcome, type SandboxLimits } from './vm';

/**
 * User policy code as an engine Policy. Each call marshals the view and the policy's
 * state into the sandbox as JSON text and the answer and the new state back out, so
 * the state is plain JSON owned by the game state (cloned, hashed, checkpointed) and
 * the code keeps nothing else between calls (its module is run afresh per call and
 * everything global is frozen).
 *
 * A call that is stopped (budget, memory, stack, a throw, a host name, output that is
 * not JSON) faults the policy for the rest of the run: the fault is written into the
 * run's policy state (so a replay faults at the same tick), noted once in the trace,
 * and from then on the run goes on as under the `none` bot (tasks wake where they
 * last ran, nothing is moved). What a policy answers that is JSON but not a valid
 * answer is refused by the engine's checks (policy-refused events) like any bot's.
 */

/** The fault as the run's state keeps it (noted: already reported in the trace). */
export type FaultState = { kind: PolicyFault['kind']; call: PolicyCall; tick: number; message: string; noted: boolean };

/** The policy state of a run under a sandboxed policy: the policy's own state, and its fault if it had one. */
export type SandboxState = { user: Json; fault: FaultState | null };

export interface InstanceOptions {
  /** Receives what the policy logged with console.log (up to `limits.logLines` lines per call). */
  onLog?: (line: string, call: PolicyCall, tick: number) => void;
}

/** One run's policy: an engine Policy with its own QuickJS runtime. dispose() it after the run. */
export interface SandboxedPolicy extends Policy<SandboxState> {
  /** The first fault this instance saw, if any (also in the run's state: `faultOf`). */
  readonly fault: PolicyFault | null;
  /** Frees the QuickJS runtime (a later call makes a new one). */
  dispose(): void;
}

/** A loaded policy: checked once, instantiated per run. */
export interface PolicyFactory {
  readonly name: string;
  readonly summary: string;
  readonly filename: string;
  /** Plain data: post it to a worker and call instantiatePolicy there. */
  readonly compiled: CompiledPolicy;
  readonly limits: Readonly<SandboxLimits>;
  /** A fresh instance for one run (its own runtime, so runs cannot disturb one another). */
  create(options?: InstanceOptions): SandboxedPolicy;
}

export interface LoadOptions {
  limits?: Partial<SandboxLimits>;
}

interface Exports {
  name?: string;
  summary?: string;
  init: boolean;
  selectCpu: boolean;
  balance: boolean;
  migrateEnable: boolean;
}

/**
 * Compiles a TypeScript or JavaScript policy, runs its module once in the sandbox to
 * read its exports, and returns a factory of engine Policies. Rejects with a
 * LoadError (typed `kind`) when the source cannot be a policy. Usable in worker
 * threads: each thread loads QuickJS once (getQuickJS) and its own instances.
 */
export async function loadPolicy(source: string, filename: string, options: LoadOptions = {}): Promise<PolicyFactory> {
  return instantiatePolicy(compilePolicy(source, filename), options);
}

/** The second half of loadPolicy, for code compiled elsewhere (compilePolicy). */
export async function instantiatePolicy(compiled: CompiledPolicy, options: LoadOptions = {}): Promise<PolicyFactory> {
  const qjs = await getQuickJS();
  const limits: SandboxLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const filename = compiled.filename;
  const vm = newVm(qjs, compiled, limits);
  let out: CallOutcome;
  try {
    out = vm.invoke('describe', '', '', 0, false, 0);
  } finally {
    vm.dispose();
  }
  if (!out.ok) {
    const fault: PolicyFault = { kind: out.kind, call: 'describe', tick: 0, message: out.message };
    throw new LoadError('evaluation', `running the module failed: ${describeFault(fault)}`, filename, fault);
  }
  const ex = out.answer as Exports;
  if (!ex.balance && !ex.selectCpu) throw new LoadError('exports', 'exports neither balance(view, state) nor selectCpu(view, task, state)', filename);
  if (ex.name === null || ex.summary === null) throw new LoadError('exports', '`name` and `summary`, if exported, must be strings', filename);
  const base = filename.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]sx?$/, '');
  const name = ex.name ?? base;
  const summary = ex.summary ?? `User policy from ${filename}.`;
  return {
    name, summary, filename, compiled, limits,
    create: (opts = {}) => new Instance(qjs, compiled, limits, name, summary, ex, opts),
  };
}

function newVm(qjs: QuickJSWASMModule, compiled: CompiledPolicy, limits: SandboxLimits): PolicyVm {
  try {
    return new PolicyVm(qjs, compiled, limits);
  } catch (e) {
    if (e instanceof VmSetupError) throw new LoadError('syntax', e.message, compiled.filename);
    throw e;
  }
}

/** The run's fault, read from its policy state (null when none, or not a sandboxed policy's state). */
export function faultOf(state: Json): PolicyFault | null {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return null;
  const f = (state as { fault?: unknown }).fault;
  if (f === null || typeof f !== 'object') return null;
  const { kind, call, tick, message } = f as FaultState;
  return { kind, call, tick, message };
}

const CALL_SALT: Record<PolicyCall, number> = { describe: 0, init: 1, selectCpu: 2, balance: 3, migrateEnable: 4 };

/** Math.random's seed for a call: from the tick and the call, so the same view gives the same numbers. */
function seedOf(call: PolicyCall, tick: number, task: number): number {
  let h = Math.imul(tick ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (CALL_SALT[call] + 1) ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ (task + 2) ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) | 0;
}

const isState = (s: unknown): s is SandboxState => s !== null && typeof s === 'object' && !Array.isArray(s) && 'user' in s;

class Instance implements SandboxedPolicy {
  private vm: PolicyVm | null = null;
  private first: PolicyFault | null = null;
  readonly migrateEnable?: SandboxedPolicy['migrateEnable'];

  constructor(
    private readonly qjs: QuickJSWASMModule,
    private readonly compiled: CompiledPolicy,
    private readonly limits: SandboxLimits,
    readonly name: string,
    readonly summary: string,
    private readonly ex: Exports,
    private readonly opts: InstanceOptions,
  ) {
    if (ex.migrateEnable) this.migrateEnable = (view, task, endsJob, state) => this.decisions('migrateEnable', view, state, task, endsJob);
  }

  get fault(): PolicyFault | null {
    return this.first;
  }

  init(view: PolicyView): SandboxState {
    if (!this.ex.init) return { user: null, fault: null };
    const out = this.invoke('init', view, null, 0, false);
    if (!out.ok) return { user: null, fault: this.faulted(out, 'init', view.tick) };
    return { user: out.state as Json, fault: null };
  }

  selectCpu(view: PolicyView, task: number, state: SandboxState): Placement {
    const fallback: Placement = { cpu: view.tasks[task].cpu, rule: 'prev-cpu' };
    if (!isState(state)) return fallback;
    if (state.fault !== null || !this.ex.selectCpu) return this.withNote(fallback, state);
    const out = this.invoke('selectCpu', view, state.user, task, false);
    if (!out.ok) {
      state.fault = this.faulted(out, 'selectCpu', view.tick);
      return this.withNote(fallback, state);
    }
    state.user = out.state as Json;
    return out.answer as Placement;
  }

  balance(view: PolicyView, state: SandboxState): readonly Decision[] {
    return this.decisions('balance', view, state, 0, false);
  }

  private decisions(call: 'balance' | 'migrateEnable', view: PolicyView, state: SandboxState, task: number, endsJob: boolean): readonly Decision[] {
    if (!isState(state)) return [];
    if (state.fault !== null || (call === 'balance' && !this.ex.balance)) return this.pendingNote(state);
    const out = this.invoke(call, view, state.user, task, endsJob);
    if (!out.ok) {
      state.fault = this.faulted(out, call, view.tick);
      return this.pendingNote(state);
    }
    state.user = out.state as Json;
    return out.answer as readonly Decision[];
  }

  private invoke(call: PolicyCall, view: PolicyView, user: Json, task: number, endsJob: boolean): CallOutcome {
    let out: CallOutcome;
    try {
      this.vm ??= new PolicyVm(this.qjs, this.compiled, this.limits);
      out = this.vm.invoke(call, JSON.stringify(view), JSON.stringify(user), task, endsJob, seedOf(call, view.tick, task));
    } catch (e) {
      // The host side failed (QuickJS could not even make a runtime): the policy cannot run.
      out = { ok: false, kind: 'threw', message: `the sandbox failed: ${(e as Error).message}`, logs: [] };
    }
    if (this.opts.onLog) for (const line of out.logs) this.opts.onLog(line, call, view.tick);
    return out;
  }

  private faulted(out: CallOutcome & { ok: false }, call: PolicyCall, tick: number): FaultState {
    const fault: FaultState = { kind: out.kind, call, tick, message: out.message, noted: false };
    this.first ??= { kind: out.kind, call, tick, message: out.message };
    // Whatever the runtime holds now (a heap at its cap, a half-run call) goes; a new call makes a new one.
    this.vm?.dispose();
    this.vm = null;
    return fault;
  }

  private noteFor(state: SandboxState): Note | null {
    const f = state.fault;
    if (f === null || f.noted) return null;
    f.noted = true;
    return { note: `policy ${this.name} stopped: ${describeFault(f)}; the run goes on without it (as bot none)`, rule: 'policy', cpu: 0 };
  }

  private withNote(p: Placement, state: SandboxState): Placement {
    const note = this.noteFor(state);
    return note ? { ...p, notes: [note] } : p;
  }

  private pendingNote(state: SandboxState): readonly Decision[] {
    const note = this.noteFor(state);
    return note ? [note] : [];
  }

  dispose(): void {
    this.vm?.dispose();
    this.vm = null;
  }
}
