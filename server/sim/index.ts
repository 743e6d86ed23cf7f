export { checkClaim, type ClaimInput, type ClaimVerdict } from './verify';
export { replayState, runJob, type Job, type JobKind, type JobOutput, type ReplayInput } from './jobs';
export {
  SimulationPool, inlineSimulator, defaultWorkers, SimulationBusyError, SimulationFailedError, SimulationTimeoutError,
  type PoolOptions, type RunOptions, type Simulator, type SimulatorStats,
} from './pool';
