/**
 * What can go wrong with user policy code, as types: a `LoadError` when the source
 * cannot become a policy at all, a `PolicyFault` when a loaded policy misbehaves in a
 * call (the run goes on without it: README, "Sandbox").
 */

/** Why a source was refused before any run. */
export const LOAD_ERROR_KINDS = [
  /** Not valid TypeScript/JavaScript (the compiler's syntax diagnostics). */
  'syntax',
  /** Imports or requires a module: a policy is one self-contained file (type-only imports are fine). */
  'import',
  /** Over the source size limit. */
  'too-large',
  /** Exports no `balance` nor `selectCpu` function, or a name/summary that is not a string. */
  'exports',
  /** The module's top level failed when run in the sandbox (its fault says how). */
  'evaluation',
] as const;
export type LoadErrorKind = (typeof LOAD_ERROR_KINDS)[number];

export class LoadError extends Error {
  override readonly name = 'LoadError';
  constructor(
    readonly kind: LoadErrorKind,
    message: string,
    readonly filename: string,
    readonly fault?: PolicyFault,
  ) {
    super(`${filename}: ${kind}: ${message}`);
  }
}

/** A LoadError as plain data (it crosses worker threads and goes on the wire). */
export interface PolicyLoadFailure {
  kind: LoadErrorKind;
  /** Without the "file: kind: " prefix of the error's own message. */
  message: string;
  /** Where the compiler located it (1-based), when it did. */
  line: number | null;
  column: number | null;
  fault: PolicyFault | null;
}

export function loadFailureOf(e: LoadError): PolicyLoadFailure {
  const message = e.message.replace(`${e.filename}: ${e.kind}: `, '');
  const at = /line (\d+):(\d+):/.exec(message);
  return { kind: e.kind, message, line: at ? Number(at[1]) : null, column: at ? Number(at[2]) : null, fault: e.fault ?? null };
}

/** Why a call into a policy was stopped. */
export const FAULT_KINDS = [
  /** Ran past its per-call instruction budget (counted interrupt checks: deterministic). */
  'budget',
  /** Ran past the wall-clock safety net (only if the budget did not stop it first: not deterministic). */
  'timeout',
  /** Allocated past the memory cap. */
  'memory',
  /** Recursed past the stack limit. */
  'stack',
  /** Threw an exception. */
  'threw',
  /** Touched something outside the deterministic sandbox: host objects, the clock, timers, network, GC. */
  'host-access',
  /** Answered something that is not JSON (a cycle, a BigInt) or too large. */
  'bad-output',
  /** Left its state as something that is not JSON or too large. */
  'bad-state',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type PolicyCall = 'describe' | 'init' | 'selectCpu' | 'balance' | 'migrateEnable';

/** A stopped call: plain JSON, kept in the run's policy state (so replays and hashes see it). */
export interface PolicyFault {
  kind: FaultKind;
  call: PolicyCall;
  /** The tick being executed (0 for init). */
  tick: number;
  message: string;
}

export function describeFault(f: PolicyFault): string {
  return `${f.kind} in ${f.call}() at tick ${f.tick}: ${f.message}`;
}
