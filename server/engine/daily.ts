import { dateSeed, generateScenarioInput, isDateString } from './generate';
import { headroomOf, measureHeadroom, type Headroom } from './headroom';
import { solvePar, type Budget, type ParResult } from './par';
import { simulate } from './replay';
import { DEFAULT_PAR_SHARE, loadScenario, type Scenario, type ScenarioInput } from './scenario';
import type { Action } from './types';

/**
 * The daily challenge: one generated task set per calendar day, the same on every
 * machine, with headroom (headroom.ts) between the better Linux bot and par.
 *
 * The generator draws a task set from the day's seed; if the solver, with a small fixed
 * work budget, finds no log at least 3% of the score range above the better Linux bot,
 * it draws again from the next seed of that day (`<date>#1`, `<date>#2`, ...). The small
 * budget gives a lower bound on par, which is all headroom needs; dailyPar's longer
 * search starts no lower than it (it keeps the better of the two logs).
 */

/** Work units per attempt of the headroom check (about 0.1 s of one core). */
export const DAILY_HEADROOM_WORK = 8_000;
/** Work units for the daily challenge's par: a few seconds of one core. */
export const DAILY_PAR_WORK = 60_000;
/** Draws per day before settling for the draw with the widest gap (never reached on 60 tested days). */
export const DAILY_MAX_ATTEMPTS = 64;

export class DailyDateError extends Error {}

export interface DailyChallenge {
  date: string;
  /** 0 for the day's own seed, k for `<date>#k`. */
  attempt: number;
  scenario: Scenario;
  headroom: Headroom;
  /** The headroom check's log: its score is headroom.par, a lower bound on par. */
  parActions: Action[];
}

/** True for a real calendar day written YYYY-MM-DD (pure: no Date). */
export function isCalendarDate(date: string): boolean {
  if (!isDateString(date)) return false;
  const [y, m, d] = date.split('-').map(Number);
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

function dailyInput(date: string, attempt: number): ScenarioInput {
  const input = generateScenarioInput({
    seed: dateSeed(attempt === 0 ? date : `${date}#${attempt}`),
    cpus: 4,
    tasks: 10,
    duration: 400,
    utilisation: 0.9,
    mdShare: 0.9,
    sporadicShare: 0.3,
    // Deadlines at half the period: at the period, the kernel is within a point or two
    // of the bound on most days and there is nothing left to win.
    deadlineFactor: 0.5,
    balancer: 'linux-rt-511',
    slug: `daily-${date}`,
    title: `Daily challenge, ${date}`,
  });
  input.summary = 'Ten tasks on four CPUs, most of them with migrate_disable() sections. Beat the kernel.';
  input.lesson = 'Everyone gets the same task set today. The Linux 5.11 balancer plays when you do not; find the stacks it leaves and break them up before deadlines pass. Deadlines are half the period: a task that waits long misses.';
  return input;
}

interface Draw {
  attempt: number;
  input: ScenarioInput;
  scenario: Scenario;
  headroom: Headroom;
  par: ParResult;
  kernel: { missed: number; stranded: number };
}

function draw(date: string, attempt: number): Draw {
  const input = dailyInput(date, attempt);
  const scenario = loadScenario(input);
  const par = solvePar(scenario, { budget: { work: DAILY_HEADROOM_WORK } });
  const headroom = measureHeadroom(scenario, par.score);
  const k = simulate(scenario).result.metrics;
  return { attempt, input, scenario, headroom, par, kernel: { missed: k.missed, stranded: k.strandedCpuTicks } };
}

/**
 * Goals that the par log meets and letting the kernel play does not: miss no more than
 * the par log, strand no more than the more of the par log's and half the kernel's.
 */
function goalsOf(d: Draw): NonNullable<ScenarioInput['goals']> & { maxMissed: number; maxStranded: number } {
  const p = simulate(d.scenario, { actions: d.par.actions }).result.metrics;
  const maxMissed = p.missed;
  const maxStranded = Math.max(p.strandedCpuTicks, Math.floor(d.kernel.stranded / 2));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    maxMissed,
    maxStranded,
    text: [
      `Two stars: beat the better Linux bot (${d.headroom.bestLinux}; the kernel misses ${plural(d.kernel.missed, 'deadline')}).`,
      `Three stars: close ${Math.round((1 - DEFAULT_PAR_SHARE) * 100)}% of the gap from it to par (par is at least ${d.headroom.par}).`,
    ],
  };
}

function kernelMeets(d: Draw, goals: { maxMissed: number; maxStranded: number }): boolean {
  return d.kernel.missed <= goals.maxMissed && d.kernel.stranded <= goals.maxStranded;
}

const cache = new Map<string, { input: ScenarioInput; challenge: Omit<DailyChallenge, 'scenario'> }>();

/**
 * The day's challenge: the first draw with headroom whose goals letting the kernel play
 * does not meet. Deterministic (seeds from the date, budgets in work units), memoised
 * per date because the server and the pages ask for it often.
 */
export function dailyChallenge(date: string): DailyChallenge {
  if (!isCalendarDate(date)) throw new DailyDateError(`daily challenge date must be a calendar day written YYYY-MM-DD, got "${date}"`);
  const known = cache.get(date);
  if (known) return { ...known.challenge, scenario: loadScenario(known.input) };
  let chosen: Draw | undefined;
  let widest: Draw | undefined;
  for (let attempt = 0; attempt < DAILY_MAX_ATTEMPTS && !chosen; attempt++) {
    const d = draw(date, attempt);
    if (d.headroom.ok && !kernelMeets(d, goalsOf(d))) chosen = d;
    if (!widest || d.headroom.gap > widest.headroom.gap) widest = d;
  }
  const d = chosen ?? widest!;
  const input = { ...d.input, goals: goalsOf(d) };
  const challenge = { date, attempt: d.attempt, headroom: d.headroom, parActions: d.par.actions };
  if (cache.size > 32) cache.clear();
  cache.set(date, { input, challenge });
  return { ...challenge, scenario: loadScenario(input) };
}

/** The daily challenge's scenario for a calendar day ('YYYY-MM-DD'). */
export function dailyScenario(date: string): Scenario {
  return dailyChallenge(date).scenario;
}

/**
 * Par of a day's challenge, deterministic: the better of the solver's run with the fixed
 * budget and the headroom check's log, so par never falls below what the check proved.
 */
export function dailyPar(date: string, budget: Budget = { work: DAILY_PAR_WORK }): ParResult & { scenarioOf: Scenario; headroom: Headroom } {
  const daily = dailyChallenge(date);
  const scenario = daily.scenario;
  const found = solvePar(scenario, { budget });
  let par = found;
  if (daily.headroom.par > found.score) {
    par = { ...found, score: daily.headroom.par, actions: daily.parActions, method: 'headroom-check', optimal: daily.headroom.par >= found.bound, proof: daily.headroom.par >= found.bound ? 'bound' : null };
  }
  const headroom = headroomOf(daily.headroom.bestLinux, par.score, daily.headroom.jobs);
  return { ...par, scenarioOf: scenario, headroom };
}
