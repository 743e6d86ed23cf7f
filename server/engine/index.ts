/**
 * The engine's public surface: pure, deterministic, shared by browser and server.
 * It imports nothing outside this folder (checked by ESLint).
 */
export * from './types';
export * from './scenario';
export { seedRng, nextU32, intInRange, type RngState } from './prng';
export { createGame, cloneState, isFinished, type GameOptions } from './game';
export { step, stepInPlace, checkAction } from './step';
export { beats, isPinned } from './runqueue';
export { hashState } from './hash';
export { summarize, scoreOf, starsFor, type MetricsSummary, type TaskSummary, type CpuSummary, type Stars } from './summary';
export { simulate, resultOf, baselineScores, starsOf, verifyRun, type RunOptions, type RunResult, type Verification } from './replay';
export { parseActionLog, actionLogSchema } from './actions';
export { cpuViews, pinnedTasks, traceLine, type CpuView, type TraceLine } from './trace';
export { getBot, BASELINE_BOTS, type Bot } from './bots';
export { generateScenario, generateScenarioInput, dailyScenario, isDateString, type GenerateParams } from './generate';
export { beatsRecord, bestRecord, type LevelRecord } from './progress';
