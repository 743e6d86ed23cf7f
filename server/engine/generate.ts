import { intInRange, nextU32, seedRng, type RngState } from './prng';
import { loadScenario, type BotName, type MdMode, type SchedClass, type Scenario, type ScenarioInput } from './scenario';

/**
 * Generated task sets: the daily challenge, the lab's batches, the benchmark and
 * the property tests all draw from here. Pure: the same parameters give the same
 * scenario on every machine.
 */
export interface GenerateParams {
  seed: number;
  cpus: number;
  tasks: number;
  duration: number;
  /** Target total utilisation as a fraction of the machine, e.g. 0.7. */
  utilisation?: number;
  /** Share of job bodies that contain a migrate-disabled segment, 0..1. */
  mdShare?: number;
  /** Share of tasks with a restricted affinity, 0..1. */
  affinityShare?: number;
  /** Share of sporadic (rather than periodic) tasks, 0..1. */
  sporadicShare?: number;
  class?: SchedClass;
  mdMode?: MdMode;
  balancer?: BotName;
  migrationCost?: number;
  /**
   * Constrained deadlines: each task's deadline is this share of its period (at least
   * its work + 2 ticks, at most the period). Absent: deadline = period. Draws nothing
   * from the PRNG, so the rest of a set stays what it was.
   */
  deadlineFactor?: number;
  slug?: string;
  title?: string;
}

function chance(r: RngState, p: number): boolean {
  return nextU32(r) / 4294967296 < p;
}

export function generateScenarioInput(p: GenerateParams): ScenarioInput {
  const r = seedRng(p.seed ^ 0x5ca1ab1e);
  const util = p.utilisation ?? 0.7;
  const mdShare = p.mdShare ?? 0.5;
  const affinityShare = p.affinityShare ?? 0;
  const sporadicShare = p.sporadicShare ?? 0.25;
  const perTaskUtil = (util * p.cpus) / p.tasks;
  const periods: number[] = [];
  const tasks: ScenarioInput['tasks'] = [];
  for (let i = 0; i < p.tasks; i++) periods.push(intInRange(r, 20, 200));
  // Rate-monotonic priorities: the shorter the period, the higher the priority.
  const byPeriod = periods.map((period, i) => ({ period, i })).sort((a, b) => a.period - b.period || a.i - b.i);
  const priority = new Array<number>(p.tasks);
  byPeriod.forEach(({ i }, rank) => {
    priority[i] = Math.max(1, 99 - Math.floor((rank * 98) / Math.max(1, p.tasks - 1)));
  });
  for (let i = 0; i < p.tasks; i++) {
    const period = periods[i];
    const work = Math.max(1, Math.min(period - 1, Math.round(period * perTaskUtil * (0.5 + nextU32(r) / 4294967296))));
    const body: ScenarioInput['tasks'][number]['body'] = [];
    if (chance(r, mdShare) && work >= 3) {
      const md = Math.max(1, Math.floor(work * (0.2 + 0.5 * (nextU32(r) / 4294967296))));
      const before = Math.floor((work - md) / 2);
      const after = work - md - before;
      if (before > 0) body.push({ run: before });
      body.push({ md });
      if (after > 0) body.push({ run: after });
    } else {
      body.push({ run: work });
    }
    const cpu = intInRange(r, 0, p.cpus - 1);
    let affinity: number[] | undefined;
    // SCHED_DEADLINE tasks may not have a restricted affinity (scenario.ts, C5). The
    // draw still happens, so the rest of an edf set stays what it was.
    if (p.cpus > 1 && chance(r, affinityShare) && p.class !== 'edf') {
      const set = new Set<number>([cpu]);
      const extra = intInRange(r, 0, p.cpus - 1);
      set.add(extra);
      affinity = [...set].sort((a, b) => a - b);
    }
    const offset = intInRange(r, 0, Math.min(period, 50));
    const release = chance(r, sporadicShare)
      ? { sporadic: { minGap: period, maxGap: period + Math.ceil(period / 2), offset } }
      : { periodic: { period, offset } };
    tasks.push({
      id: `T${i}`,
      priority: priority[i],
      cpu,
      ...(affinity ? { affinity } : {}),
      release,
      deadline: p.deadlineFactor === undefined ? period : Math.max(work + 2, Math.min(period, Math.round(period * p.deadlineFactor))),
      body,
    });
  }
  return {
    format: 1,
    slug: p.slug ?? `gen-${p.cpus}x${p.tasks}-${p.seed}`,
    title: p.title ?? `Generated: ${p.cpus} CPUs, ${p.tasks} tasks (seed ${p.seed})`,
    summary: 'A generated task set.',
    lesson: '',
    cpus: p.cpus,
    duration: p.duration,
    class: p.class ?? 'fifo',
    mdMode: p.mdMode ?? 'migrate_disable',
    migrationCost: p.migrationCost ?? 0,
    balancer: p.balancer ?? 'linux-rt-511',
    seed: p.seed >>> 0,
    tasks,
  };
}

export function generateScenario(p: GenerateParams): Scenario {
  return loadScenario(generateScenarioInput(p));
}

/** Integer seed of a calendar day, the same for everyone that day. */
export function dateSeed(date: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < date.length; i++) h = Math.imul(h ^ date.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function isDateString(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date);
}
