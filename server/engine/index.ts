/**
 * The engine's public surface: pure, deterministic, shared by browser and server.
 * It imports nothing outside this folder (checked by ESLint).
 */
export * from './types';
export * from './scenario';
export { seedRng, nextU32, intInRange, type RngState } from './prng';
export { createGame, cloneState, isFinished, type GameOptions } from './game';
export { step, stepInPlace, checkAction } from './step';
export { beats, bestOn, pickFor, isPinned, currentOn } from './runqueue';
export { hashState } from './hash';
export { summarize, scoreOf, starsFor, type MetricsSummary, type TaskSummary, type CpuSummary, type Stars } from './summary';
export { simulate, resultOf, baselineScores, starsOf, verifyRun, type RunOptions, type RunResult, type Verification } from './replay';
export { parseActionLog, actionSchema, actionLogSchema } from './actions';
export { cpuViews, pinnedTasks, tickFigures, traceLine, type CpuView, type TickFigures, type TraceLine } from './trace';
export { matchBestFirst, type MatchProblem } from './metrics/matching';
export { getBot, BASELINE_BOTS, type Bot } from './bots';
export { generateScenario, generateScenarioInput, dailyScenario, dateSeed, isDateString, type GenerateParams } from './generate';
