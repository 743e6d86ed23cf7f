import {
  BASELINE_BOTS, cpuViews, pinnedTasks, resultOf, Session, solvePar, threeStarScore, yardstickOf,
  type Baselines, type BotName, type Scenario,
} from '../../server/engine';
import { Timeline, type MdSpan, type Marker, type Span, type StrandSample } from './timeline';

/**
 * The editor's live preview: every baseline bot (and the scenario's own balancer) run
 * on the draft, with each run's figures and Gantt. Pure functions, run in a Web Worker
 * (app/editor/preview.worker.ts) so typing never waits for the simulation.
 */

/** A Timeline as plain data (what crosses postMessage; the class does not). */
export interface TimelineData {
  cpus: number;
  ticks: number;
  spans: Span[][];
  md: MdSpan[];
  markers: Marker[];
  strands: StrandSample[];
}

export interface BotPreview {
  bot: BotName;
  score: number;
  missed: number;
  wasted: number;
  stranded: number;
  timeline: TimelineData;
}

/** Work units for the optional par search: small, so the preview stays quick (it is a lower bound on par, marked as such). */
export const PREVIEW_PAR_WORK = 60_000;

export interface StarLine {
  /** 1 star: a score above this. */
  one: number;
  /** 2 stars: a score above this (the better Linux bot). */
  two: number;
  /** 3 stars where par is known: at least this score; else the goals' limits. */
  three: { score: number } | { maxMissed: number; maxStranded: number | null };
}

/** The bots the preview runs: the baselines, and the scenario's balancer where it is another. */
export function previewBots(scenario: Pick<Scenario, 'balancer'>): BotName[] {
  const bots: BotName[] = [...BASELINE_BOTS];
  if (!bots.includes(scenario.balancer)) bots.push(scenario.balancer);
  return bots;
}

export function runBot(scenario: Scenario, bot: BotName): BotPreview {
  const timeline = new Timeline(scenario);
  const session = Session.replay(scenario, { seed: scenario.seed, bot }, []);
  const s = session.state;
  while (!session.finished) {
    session.step();
    timeline.record(s.tick - 1, s.events, cpuViews(s), pinnedTasks(s));
  }
  const r = resultOf(s);
  return {
    bot,
    score: r.score,
    missed: r.metrics.missed,
    wasted: r.metrics.wastedCpuTicks,
    stranded: r.metrics.strandedCpuTicks,
    timeline: { cpus: timeline.cpus, ticks: timeline.ticks, spans: timeline.spans, md: timeline.md, markers: timeline.markers, strands: timeline.strands },
  };
}

/** Back into a Timeline the Gantt can draw. */
export function timelineFrom(data: TimelineData, scenario: Pick<Scenario, 'cpus' | 'tasks'>, version = 1): Timeline {
  const t = new Timeline(scenario);
  data.spans.forEach((lane, i) => { t.spans[i]?.push(...lane); });
  t.md.push(...data.md);
  t.markers.push(...data.markers);
  t.strands.push(...data.strands);
  t.ticks = data.ticks;
  // The Gantt redraws when the version changes: a new run of the same bot needs a new one.
  t.version = version;
  return t;
}

export function baselinesOf(scenario: Scenario, runs: readonly BotPreview[]): Baselines | null {
  const out: Partial<Record<BotName, number>> = {};
  for (const r of runs) out[r.bot] = r.score;
  out.none = out.sticky;
  for (const b of previewBots(scenario)) if (out[b] === undefined) return null;
  return out as Baselines;
}

/** What each star asks, from the bots' scores and par where known (stars.ts's rules). */
export function starLine(scenario: Scenario, baselines: Baselines, par: number | null): StarLine {
  const y = yardstickOf(scenario, baselines, par);
  const three = threeStarScore(y);
  return {
    one: Math.max(y.sticky, y.nothing),
    two: y.linux,
    three: three !== null ? { score: three } : { maxMissed: scenario.goals?.maxMissed ?? 0, maxStranded: scenario.goals?.maxStranded ?? null },
  };
}

/**
 * A quick par: the best log a small search finds (a lower bound on the true par unless
 * proven optimal). A budget in work only, so the same draft always gets the same figure;
 * a newer draft ends a search still running with its worker.
 */
export function quickPar(scenario: Scenario): { score: number; optimal: boolean } {
  const r = solvePar(scenario, { budget: { work: PREVIEW_PAR_WORK } });
  return { score: r.score, optimal: r.optimal };
}

/** Messages to and from the preview worker. */
export type PreviewRequest = { id: number; scenario: Scenario; par: boolean };
export type PreviewReply =
  | { id: number; kind: 'bot'; run: BotPreview }
  | { id: number; kind: 'par'; score: number; optimal: boolean }
  | { id: number; kind: 'done' }
  | { id: number; kind: 'error'; message: string };
