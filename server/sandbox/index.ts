/**
 * The policy sandbox: user balancers in TypeScript or JavaScript, compiled with the
 * TypeScript compiler and run in QuickJS (WebAssembly) under an instruction budget, a
 * memory cap and a stack cap, in a deterministic environment (README, "Sandbox").
 * Lives outside the engine: it produces objects that implement the engine's Policy.
 */
export { loadPolicy, instantiatePolicy, faultOf, type PolicyFactory, type SandboxedPolicy, type SandboxState, type FaultState, type InstanceOptions, type LoadOptions } from './policy';
export { compilePolicy, MAX_SOURCE_BYTES, type CompiledPolicy } from './compile';
export { LoadError, loadFailureOf, type PolicyLoadFailure, LOAD_ERROR_KINDS, FAULT_KINDS, describeFault, type LoadErrorKind, type FaultKind, type PolicyFault, type PolicyCall } from './errors';
export { DEFAULT_LIMITS, type SandboxLimits } from './vm';
export { policyRunner } from './runner';
