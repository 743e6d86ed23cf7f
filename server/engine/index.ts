/**
 * The engine's public surface: pure, deterministic, shared by browser and server.
 * It imports nothing outside this folder (checked by ESLint).
 */
export * from './types';
export * from './scenario';
export * from './scenario-text';
export { COST_CPU_FLOOR, COST_PER_TICK, MAX_LIVE_JOBS, MAX_SCENARIO_COST, scenarioCost, tickCost } from './limits';
export { RULE_NAMES, type RuleName } from './rules';
export { seedRng, nextU32, intInRange, type RngState } from './prng';
export { createGame, cloneState, isFinished, type GameOptions } from './game';
export { step, stepInPlace, checkAction, decidingCpu } from './step';
export { Session, INCOMING_HORIZON, type Actor, type Submission, type Upcoming, type SessionSnapshot } from './session';
export { beats, isPinned, pickFor } from './runqueue';
export { hashState } from './hash';
export { summarize, liveStats, liveRates, scoreOf, type LiveStats, type LiveRates, type MetricsSummary, type TaskSummary, type CpuSummary } from './summary';
export { starsFor, yardstickOf, threeStarScore, gapClosed, type Stars, type Yardstick } from './stars';
export { simulate, resultOf, baselineScores, starsOf, verifyRun, type RunOptions, type RunResult, type Verification } from './replay';
export { parseActionLog, actionSchema, actionLogSchema } from './actions';
export { cpuViews, pinnedTasks, taskProgress, tickFigures, traceLine, type CpuView, type TaskProgress, type TickFigures, type TraceLine } from './trace';
export { matchBestFirst, type MatchProblem } from './metrics/matching';
export { getBot, BASELINE_BOTS, CANDIDATE_BOTS, type BaselineBot, type Baselines } from './bots';
export type { KernelState, StopperWork } from './bots/kernel-state';
export {
  NO_DECISIONS, NO_TASK, POLICY_REFUSALS,
  type Json, type Policy, type PolicyView, type TaskView, type CpuView as PolicyCpuView, type Move, type Note, type Decision, type Placement, type PolicyRefusal,
} from './policy/types';
export { checkMove, type CheckedMove } from './policy/apply';
export { viewOf } from './policy/view';
export { generateScenario, generateScenarioInput, isDateString, type GenerateParams } from './generate';
export { dailyChallenge, dailyScenario, dailyPar, isCalendarDate, DailyDateError, DAILY_PAR_WORK, DAILY_HEADROOM_WORK, DAILY_MAX_ATTEMPTS, type DailyChallenge } from './daily';
export { headroomOf, measureHeadroom, bestLinuxOf, scoreRange, HEADROOM_PERCENT, LINUX_BOTS, type Headroom } from './headroom';
export { solvePar, scoreBound, futureGain, timelineOf, DEFAULT_WORK, ParReplayError, type ParResult, type ParOptions, type Budget } from './par';
export { beatsRecord, bestRecord, type LevelRecord } from './progress';
export {
  experimentSchema, experimentSets, labScenario, builtinRunner, figuresOf, runLabSet, runLabRow, USER_POLICY_PREFIX,
  type Experiment, type ExperimentInput, type LabSet, type LabRunParams, type LabFigures, type LabRow, type LabRunner, type LabRunResult,
} from './experiment';
export { LAB_CSV_COLUMNS, LAB_CSV_HEADER, labCsvLine, parseLabRow, splitCsvLine, LabCsvError } from './lab-csv';
