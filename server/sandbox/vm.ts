import { DefaultIntrinsics, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { CompiledPolicy } from './compile';
import type { FaultKind, PolicyCall } from './errors';
import { PRELUDE, TRAPS } from './prelude';

/** The limits every call into a policy runs under (README, "Sandbox"). */
export interface SandboxLimits {
  /**
   * Interrupt checks per call: QuickJS polls its interrupt handler every 10,000 or so
   * jumps and calls, and the sandbox counts the polls, so the budget is deterministic
   * (the same code on the same input stops at the same point).
   */
  budget: number;
  /** Wall-clock safety net per call, in ms; the budget should always stop a loop first. */
  wallMs: number;
  /** The QuickJS runtime's heap cap, in bytes. */
  memoryBytes: number;
  /** The QuickJS stack cap, in bytes. */
  stackBytes: number;
  /** Longest answer, and longest state, as JSON text, in characters. */
  outputChars: number;
  /** console.log lines kept per call. */
  logLines: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  budget: 200,
  wallMs: 2000,
  memoryBytes: 16 * 1024 * 1024,
  stackBytes: 256 * 1024,
  outputChars: 256 * 1024,
  logLines: 20,
});

export type CallOutcome =
  | { ok: true; answer: unknown; state: unknown; logs: string[] }
  | { ok: false; kind: FaultKind; message: string; logs: string[] };

/** Raised when the compiled module does not even parse in QuickJS (the compiler accepted it). */
export class VmSetupError extends Error {}

/**
 * One QuickJS runtime and context holding one policy: its own heap (capped), stack
 * cap and interrupt budget. Synchronous: the engine calls policies synchronously.
 */
export class PolicyVm {
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly call: QuickJSHandle;
  private checks = 0;
  private budget = Infinity;
  private deadline = Infinity;
  private stopped: 'budget' | 'timeout' | null = null;
  private disposed = false;

  constructor(qjs: QuickJSWASMModule, compiled: CompiledPolicy, private readonly limits: SandboxLimits) {
    this.rt = qjs.newRuntime();
    this.rt.setMemoryLimit(limits.memoryBytes);
    this.rt.setMaxStackSize(limits.stackBytes);
    this.rt.setInterruptHandler(() => this.onInterrupt());
    // Date is left out of the context (a trap takes its name). So are typed arrays: in this
    // build their buffers escape the runtime's memory cap (measured: 2 GB under a 1 MB cap).
    this.ctx = this.rt.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false, TypedArrays: false } });
    try {
      this.call = this.setup(compiled);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  private setup(compiled: CompiledPolicy): QuickJSHandle {
    const ctx = this.ctx;
    this.arm();
    const install = ctx.evalCode(PRELUDE, 'sandbox-prelude.js');
    if (install.error) {
      const err = ctx.dump(install.error);
      install.error.dispose();
      throw new Error(`sandbox prelude failed: ${JSON.stringify(err)}`);
    }
    const mod = ctx.evalCode(`(function (exports, module) {\n${compiled.code}\n})`, compiled.filename);
    if (mod.error) {
      const err: unknown = ctx.dump(mod.error);
      mod.error.dispose();
      install.value.dispose();
      throw new VmSetupError(errorText(err));
    }
    const args = [mod.value, ctx.newString(JSON.stringify(TRAPS)), ctx.newNumber(this.limits.logLines), ctx.newNumber(this.limits.outputChars)];
    const installed = ctx.callFunction(install.value, ctx.undefined, ...args);
    for (const h of args) h.dispose();
    install.value.dispose();
    if (installed.error) {
      const err: unknown = ctx.dump(installed.error);
      installed.error.dispose();
      throw new Error(`sandbox setup failed: ${errorText(err)}`);
    }
    return installed.value;
  }

  private arm(): void {
    this.checks = 0;
    this.stopped = null;
    this.budget = this.limits.budget;
    this.deadline = performance.now() + this.limits.wallMs;
  }

  private onInterrupt(): boolean {
    if (++this.checks > this.budget) {
      this.stopped = 'budget';
      return true;
    }
    if (performance.now() > this.deadline) {
      this.stopped = 'timeout';
      return true;
    }
    return false;
  }

  /** One call into the policy, under the limits. Never throws for anything the policy does. */
  invoke(kind: PolicyCall, viewJson: string, stateJson: string, task: number, endsJob: boolean, seed: number): CallOutcome {
    if (this.disposed) throw new Error('PolicyVm: used after dispose');
    const ctx = this.ctx;
    const args = [ctx.newString(kind), ctx.newString(viewJson), ctx.newString(stateJson), ctx.newNumber(task), endsJob ? ctx.true : ctx.false, ctx.newNumber(seed)];
    this.arm();
    const r = ctx.callFunction(this.call, ctx.undefined, ...args);
    this.budget = Infinity;
    this.deadline = Infinity;
    for (const h of args) h.dispose();
    if (r.error) {
      const err: unknown = ctx.dump(r.error);
      r.error.dispose();
      if (this.stopped === 'budget') return { ok: false, kind: 'budget', message: `ran past its budget of ${this.limits.budget} interrupt checks (about ${this.limits.budget * 10_000} jumps and calls)`, logs: [] };
      if (this.stopped === 'timeout') return { ok: false, kind: 'timeout', message: `ran past the ${this.limits.wallMs} ms wall-clock limit`, logs: [] };
      const text = errorText(err);
      // The prelude catches everything else; this is a failure inside its own catch (no memory left to answer).
      return { ok: false, kind: /out of memory/.test(text) ? 'memory' : /stack overflow/.test(text) ? 'stack' : 'threw', message: text, logs: [] };
    }
    const text = ctx.getString(r.value);
    r.value.dispose();
    return JSON.parse(text) as CallOutcome;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A context left mid-exception can hold handles QuickJS asserts on; freeing the runtime's memory is what matters.
    try {
      if (this.call as QuickJSHandle | undefined) this.call.dispose();
      this.ctx.dispose();
      this.rt.dispose();
    } catch {
      /* the heap goes with the runtime either way */
    }
  }
}

function errorText(err: unknown): string {
  if (err !== null && typeof err === 'object' && 'message' in err) {
    const e = err as { name?: unknown; message?: unknown };
    return `${typeof e.name === 'string' ? e.name : 'Error'}: ${String(e.message)}`;
  }
  return String(err);
}
