import { z } from 'zod';
import { COST_CPU_FLOOR, COST_PER_TICK, MAX_SCENARIO_COST, scenarioCost, tickCost } from './limits';
import {
  BOT_NAME_INPUTS, BOT_NAMES, MAX_CPUS, MAX_DURATION, MAX_TASKS, MD_MODES, SCHED_CLASSES, normalizeBotName, type BotName, type MdMode, type SchedClass,
} from './names';
import { asCpuId, type CpuId } from './types';

/**
 * Scenario file, format 1: the public contract teachers write (DESIGN.md section 3).
 * Parsing fills every default, so the rest of the engine only sees a `Scenario`
 * with nothing optional left to guess.
 */

export {
  BOT_NAMES, BOT_ALIASES, BOT_NAME_INPUTS, normalizeBotName, SCHED_CLASSES, MD_MODES, MAX_CPUS, MAX_TASKS, MAX_DURATION, DEFAULT_PAR_SHARE,
  type BotName, type BotAlias, type SchedClass, type MdMode,
} from './names';

const tickCount = (what: string, min: number, max: number) =>
  z.number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number of ticks` })
    .min(min, { error: `${what} must be at least ${min}` })
    .max(max, { error: `${what} must be at most ${max}` });

const lengthSchema = z.union([
  tickCount('a segment length', 1, 100_000),
  z.tuple([tickCount('a segment minimum', 1, 100_000), tickCount('a segment maximum', 1, 100_000)])
    .refine(([min, max]) => min <= max, { error: 'a segment range must be [min, max] with min <= max' }),
], { error: 'a segment length is a whole number of ticks or a [min, max] range' });

const segmentSchema = z.union([
  z.strictObject({ run: lengthSchema }),
  z.strictObject({ md: lengthSchema }),
], { error: 'a segment is { "run": length } (migratable) or { "md": length } (migrate-disabled)' });

const releaseSchema = z.union([
  z.strictObject({ at: z.array(tickCount('a release time', 0, MAX_DURATION)).min(1, { error: 'at least one release time' }).max(10_000) }),
  z.strictObject({
    periodic: z.strictObject({
      period: tickCount('period', 1, MAX_DURATION),
      offset: tickCount('offset', 0, MAX_DURATION).default(0),
    }),
  }),
  z.strictObject({
    sporadic: z.strictObject({
      minGap: tickCount('minGap', 1, MAX_DURATION),
      maxGap: tickCount('maxGap', 1, MAX_DURATION),
      offset: tickCount('offset', 0, MAX_DURATION).default(0),
    }).refine((s) => s.minGap <= s.maxGap, { error: 'maxGap must be >= minGap', path: ['maxGap'] }),
  }),
], { error: 'release is { "at": [...] }, { "periodic": { "period", "offset" } } or { "sporadic": { "minGap", "maxGap", "offset" } }' });

const taskSchema = z.strictObject({
  id: z.string({ error: 'id must be a string' }).regex(/^[A-Za-z0-9_.-]{1,24}$/, { error: 'id: 1 to 24 letters, digits, "_", "-" or "."' }),
  priority: z.number({ error: 'priority must be a number' }).int({ error: 'priority must be a whole number' })
    .min(1, { error: 'priority must be 1..99' }).max(99, { error: 'priority must be 1..99' }).optional(),
  cpu: z.number({ error: 'cpu must be a number' }).int().min(0, { error: 'cpu must be >= 0' }).default(0),
  affinity: z.array(z.number().int().min(0, { error: 'CPU numbers are >= 0' })).min(1, { error: 'affinity needs at least one CPU' }).optional(),
  release: releaseSchema,
  deadline: tickCount('deadline', 1, MAX_DURATION),
  body: z.array(segmentSchema).min(1, { error: 'body needs at least one segment' }).max(64, { error: 'body has at most 64 segments' }),
  note: z.string().max(200).optional(),
});

const goalsSchema = z.strictObject({
  /**
   * Where par is known: the share of the gap from the best Linux bot to par that a
   * 3-star run may leave open (stars.ts). 0 asks for par itself.
   */
  parShare: z.number({ error: 'goals.parShare must be a number' })
    .min(0, { error: 'goals.parShare must be between 0 and 0.5: the share of the gap from the best Linux bot to par that a 3-star run may leave open (0 asks for par itself)' })
    .max(0.5, { error: 'goals.parShare must be between 0 and 0.5: the share of the gap from the best Linux bot to par that a 3-star run may leave open (above half the gap, 3 stars would mean little more than 2)' })
    .optional(),
  /** Where par is unknown: three stars also require at most this many missed deadlines (default 0). */
  maxMissed: z.number().int().min(0).optional(),
  /** Where par is unknown: three stars also require at most this many stranded CPU-ticks (default: no limit). */
  maxStranded: z.number().int().min(0).optional(),
  /** What the level asks of the player, shown before it starts. */
  text: z.array(z.string().max(200)).max(6).optional(),
});

export const scenarioSchema = z.strictObject({
  format: z.literal(1, { error: 'format must be 1' }),
  slug: z.string({ error: 'slug must be a string' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'slug: lowercase letters, digits and "-", 1 to 64 characters' }),
  title: z.string({ error: 'title must be a string' }).min(1, { error: 'title must not be empty' }).max(120),
  summary: z.string().max(500).default(''),
  lesson: z.string().max(4000).default(''),
  cpus: z.number({ error: 'cpus must be a number' }).int({ error: 'cpus must be a whole number' })
    .min(1, { error: `cpus must be 1..${MAX_CPUS}` }).max(MAX_CPUS, { error: `cpus must be 1..${MAX_CPUS}` }),
  duration: tickCount('duration', 1, MAX_DURATION),
  class: z.enum(SCHED_CLASSES, { error: 'class must be "fifo" or "edf"' }).default('fifo'),
  mdMode: z.enum(MD_MODES, { error: 'mdMode must be "migrate_disable" or "preempt_disable"' }).default('migrate_disable'),
  migrationCost: tickCount('migrationCost', 0, 1000).default(0),
  balancer: z.enum(BOT_NAME_INPUTS, { error: `balancer must be one of ${BOT_NAMES.join(', ')}` })
    .transform((b): BotName => normalizeBotName(b) ?? 'linux-rt-511')
    .default('linux-rt-511'),
  seed: z.number({ error: 'seed must be a number' }).int({ error: 'seed must be a whole number' }).min(0).max(0xffffffff).default(1),
  /** Ticks between queueing the CPU stopper and it running (0: within the same balancing pass). */
  stopperDelay: tickCount('stopperDelay', 0, 100).default(0),
  goals: goalsSchema.optional(),
  tasks: z.array(taskSchema).min(1, { error: 'a scenario needs at least one task' }).max(MAX_TASKS, { error: `at most ${MAX_TASKS} tasks` }),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;

/** A segment length: fixed, or drawn per job from [min, max] with the seeded PRNG. */
export type SegmentLength = number | [number, number];

export type Release =
  | { kind: 'at'; times: number[] }
  | { kind: 'periodic'; period: number; offset: number }
  | { kind: 'sporadic'; minGap: number; maxGap: number; offset: number };

export interface TaskSpec {
  id: string;
  /** SCHED_FIFO priority, 1..99, higher wins. Under EDF a tie-break only. */
  priority: number;
  /** Home CPU: where the first wakeup lands under `sticky`. */
  cpu: CpuId;
  /** Allowed CPUs, ascending, always explicit after parsing. */
  affinity: number[];
  release: Release;
  /** Relative deadline, ticks after each release. */
  deadline: number;
  body: { md: boolean; length: SegmentLength }[];
  note?: string;
}

export interface Scenario {
  format: 1;
  slug: string;
  title: string;
  summary: string;
  lesson: string;
  cpus: number;
  duration: number;
  class: SchedClass;
  mdMode: MdMode;
  migrationCost: number;
  balancer: BotName;
  seed: number;
  stopperDelay: number;
  goals?: { parShare?: number; maxMissed?: number; maxStranded?: number; text?: string[] };
  tasks: TaskSpec[];
}

export interface ScenarioError {
  /** Where in the file, e.g. `tasks[2].affinity[0]`. */
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ScenarioError[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/**
 * Validates a scenario file's parsed JSON. Every bad field is named in `errors`, all at
 * once: the checks across fields (duplicate ids, CPUs that do not exist, affinity, the
 * size budget) run even when some other field fails the schema, on whatever parts of
 * the file are well-formed, so a teacher never fixes one error only to meet the next.
 */
export function parseScenario(input: unknown): ParseResult<Scenario> {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    const errors: ScenarioError[] = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    // A field the schema already refused is not judged again by the cross-field checks.
    const refused = errors.map((e) => e.path);
    const covered = (path: string) => refused.some((r) => r === '(root)' || path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`) || r.startsWith(`${path}.`) || r.startsWith(`${path}[`));
    for (const e of crossFieldErrors(looseScenario(input))) if (!covered(e.path)) errors.push(e);
    return { ok: false, errors };
  }
  const raw = parsed.data;
  const errors = crossFieldErrors(raw);
  if (errors.length > 0) return { ok: false, errors };
  const tasks: TaskSpec[] = raw.tasks.map((t) => {
    const release: Release = 'at' in t.release
      ? { kind: 'at', times: [...t.release.at].sort((a, b) => a - b) }
      : 'periodic' in t.release
        ? { kind: 'periodic', ...t.release.periodic }
        : { kind: 'sporadic', ...t.release.sporadic };
    const body = t.body.map((seg) => ('md' in seg ? { md: true, length: seg.md } : { md: false, length: seg.run }));
    return {
      id: t.id,
      priority: t.priority ?? 1,
      cpu: asCpuId(t.cpu),
      affinity: t.affinity ? [...new Set(t.affinity)].sort((a, b) => a - b) : range(raw.cpus),
      release,
      deadline: t.deadline,
      body,
      ...(t.note !== undefined ? { note: t.note } : {}),
    };
  });
  return {
    ok: true,
    value: {
      format: 1,
      slug: raw.slug,
      title: raw.title,
      summary: raw.summary,
      lesson: raw.lesson,
      cpus: raw.cpus,
      duration: raw.duration,
      class: raw.class,
      mdMode: raw.mdMode,
      migrationCost: raw.migrationCost,
      balancer: raw.balancer,
      seed: raw.seed,
      stopperDelay: raw.stopperDelay,
      ...(raw.goals ? { goals: raw.goals } : {}),
      tasks,
    },
  };
}

/** What the cross-field checks read; a field is undefined where the file does not give a usable value. */
interface CrossFields {
  cpus?: number;
  duration?: number;
  class?: string;
  /** Undefined where `tasks` is not a list; an entry is undefined where it is not an object. */
  tasks?: ({ id?: string; priority?: number; cpu?: number; affinity?: unknown[] } | undefined)[];
}

const wholeNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** The parts of a file that failed the schema which the cross-field checks can still read (defaults as the schema's). */
function looseScenario(input: unknown): CrossFields {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const o = input as Record<string, unknown>;
  const cpus = wholeNumber(o.cpus);
  return {
    cpus: cpus !== undefined && cpus >= 1 && cpus <= MAX_CPUS ? cpus : undefined,
    duration: wholeNumber(o.duration),
    class: o.class === undefined ? 'fifo' : typeof o.class === 'string' ? o.class : undefined,
    tasks: Array.isArray(o.tasks)
      ? o.tasks.map((t) => {
        if (typeof t !== 'object' || t === null || Array.isArray(t)) return undefined;
        const task = t as Record<string, unknown>;
        return {
          id: typeof task.id === 'string' ? task.id : undefined,
          priority: wholeNumber(task.priority),
          cpu: task.cpu === undefined ? 0 : wholeNumber(task.cpu),
          affinity: Array.isArray(task.affinity) ? task.affinity : undefined,
        };
      })
      : undefined,
  };
}

/** The checks that span fields: each runs where the fields it reads are usable. */
function crossFieldErrors(raw: CrossFields): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const seen = new Map<string, number>();
  const { cpus } = raw;
  (raw.tasks ?? []).forEach((t, i) => {
    if (!t) return;
    const at = `tasks[${i}]`;
    if (t.id !== undefined) {
      if (seen.has(t.id)) errors.push({ path: `${at}.id`, message: `duplicate task id "${t.id}" (also tasks[${seen.get(t.id)}])` });
      else seen.set(t.id, i);
    }
    if (raw.class === 'fifo' && t.priority === undefined) errors.push({ path: `${at}.priority`, message: 'priority is required when class is "fifo"' });
    if (cpus === undefined) return;
    if (t.cpu !== undefined && t.cpu >= cpus) errors.push({ path: `${at}.cpu`, message: `CPU ${t.cpu} does not exist (cpus is ${cpus})` });
    const listed = t.affinity?.map(wholeNumber);
    listed?.forEach((c, j) => {
      if (c !== undefined && c >= cpus) errors.push({ path: `${at}.affinity[${j}]`, message: `CPU ${c} does not exist (cpus is ${cpus})` });
    });
    const affinity = listed ? new Set(listed) : null;
    if (affinity && t.cpu !== undefined && !affinity.has(t.cpu)) errors.push({ path: `${at}.affinity`, message: `the home cpu ${t.cpu} must be in the affinity` });
    // C5: with admission control on (the default), dl_task_check_affinity() refuses a
    // SCHED_DEADLINE task whose mask does not span its root domain.
    if (raw.class === 'edf' && affinity && range(cpus).some((c) => !affinity.has(c))) {
      errors.push({
        path: `${at}.affinity`,
        message: `class "edf" needs the full affinity (all ${cpus} CPUs): the kernel's admission control refuses a SCHED_DEADLINE task whose affinity does not cover every CPU of its root domain (dl_task_check_affinity: -EBUSY); model a smaller machine with "cpus" instead`,
      });
    }
  });
  if (cpus !== undefined && raw.duration !== undefined && raw.tasks) {
    const costError = costRefusal(cpus, raw.tasks.length, raw.duration);
    if (costError) errors.push(costError);
  }
  return errors;
}

/** 1234567 as "1,234,567" (no locale: the same text everywhere). */
const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The size budget (limits.ts): why a scenario is too costly to simulate, naming the limit and what would fit. */
function costRefusal(cpus: number, tasks: number, duration: number): ScenarioError | null {
  const shape = { cpus, duration, tasks: { length: tasks } };
  const cost = scenarioCost(shape);
  if (cost <= MAX_SCENARIO_COST) return null;
  const counted = Math.max(cpus, COST_CPU_FLOOR);
  const longest = Math.floor(MAX_SCENARIO_COST / tickCost(shape));
  return {
    path: 'duration',
    message: `too costly to simulate: (tasks x CPUs + ${COST_PER_TICK}) x duration = (${fmt(tasks)} x ${fmt(counted)} + ${COST_PER_TICK}) x ${fmt(duration)} = ${fmt(cost)}${counted !== cpus ? ` (fewer than ${COST_CPU_FLOOR} CPUs count as ${COST_CPU_FLOOR})` : ''}, over the limit of ${fmt(MAX_SCENARIO_COST)} (MAX_SCENARIO_COST); with ${fmt(tasks)} tasks on ${fmt(cpus)} CPUs the duration may be at most ${fmt(longest)} ticks, or use fewer tasks or CPUs`,
  };
}

export class ScenarioInvalidError extends Error {
  constructor(readonly errors: ScenarioError[]) {
    super(`invalid scenario: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'ScenarioInvalidError';
  }
}

/** Like parseScenario, but throws a ScenarioInvalidError naming every bad field. */
export function loadScenario(input: unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new ScenarioInvalidError(r.errors);
  return r.value;
}

/** Writes a parsed scenario back in file form (format 1), the inverse of parseScenario. */
export function scenarioToJson(s: Scenario): ScenarioInput {
  return {
    format: 1,
    slug: s.slug,
    title: s.title,
    summary: s.summary,
    lesson: s.lesson,
    cpus: s.cpus,
    duration: s.duration,
    class: s.class,
    mdMode: s.mdMode,
    migrationCost: s.migrationCost,
    balancer: s.balancer,
    seed: s.seed,
    stopperDelay: s.stopperDelay,
    ...(s.goals ? { goals: s.goals } : {}),
    tasks: s.tasks.map((t) => ({
      id: t.id,
      priority: t.priority,
      cpu: t.cpu,
      affinity: t.affinity,
      release: t.release.kind === 'at'
        ? { at: t.release.times }
        : t.release.kind === 'periodic'
          ? { periodic: { period: t.release.period, offset: t.release.offset } }
          : { sporadic: { minGap: t.release.minGap, maxGap: t.release.maxGap, offset: t.release.offset } },
      deadline: t.deadline,
      body: t.body.map((seg) => (seg.md ? { md: seg.length } : { run: seg.length })),
      ...(t.note !== undefined ? { note: t.note } : {}),
    })),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
