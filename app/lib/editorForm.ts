import { BOT_NAMES, MAX_CPUS, type ScenarioError } from '../../server/engine';

/**
 * The scenario editor's form and its mapping to and from format-1 JSON. Number fields
 * are kept as the text typed, so a half-typed or wrong value reaches the engine's own
 * validator (parseScenario), which names it by path: the editor has no validator of
 * its own. A text that reads as a number becomes that number; anything else is passed
 * on as it is, and the validator says "must be a number" at its field.
 */

export type ReleaseKind = 'at' | 'periodic' | 'sporadic';

export interface SegmentForm {
  md: boolean;
  /** "3", or a range "2-5" (drawn per job). */
  length: string;
}

export interface TaskForm {
  id: string;
  priority: string;
  cpu: string;
  /** Allowed CPUs; null: every CPU (the file leaves affinity out). */
  affinity: number[] | null;
  release: { kind: ReleaseKind; at: string; period: string; minGap: string; maxGap: string; offset: string };
  deadline: string;
  body: SegmentForm[];
  note: string;
}

export interface EditorForm {
  slug: string;
  title: string;
  summary: string;
  lesson: string;
  cpus: string;
  duration: string;
  class: 'fifo' | 'edf';
  mdMode: 'migrate_disable' | 'preempt_disable';
  migrationCost: string;
  balancer: string;
  seed: string;
  stopperDelay: string;
  goals: { parShare: string; maxMissed: string; maxStranded: string; text: string };
  tasks: TaskForm[];
}

export function blankTask(index: number): TaskForm {
  return {
    id: `t${index}`,
    priority: '10',
    cpu: '0',
    affinity: null,
    release: { kind: 'periodic', at: '0', period: '20', minGap: '20', maxGap: '30', offset: '0' },
    deadline: '20',
    body: [{ md: false, length: '3' }, { md: true, length: '2' }, { md: false, length: '1' }],
    note: '',
  };
}

export function blankForm(): EditorForm {
  return {
    slug: 'my-level',
    title: 'My level',
    summary: '',
    lesson: '',
    cpus: '2',
    duration: '200',
    class: 'fifo',
    mdMode: 'migrate_disable',
    migrationCost: '0',
    balancer: 'linux-rt-511',
    seed: '1',
    stopperDelay: '0',
    goals: { parShare: '', maxMissed: '', maxStranded: '', text: '' },
    tasks: [blankTask(0), { ...blankTask(1), cpu: '1', priority: '20' }],
  };
}

/** "12" as 12; "" as undefined (the field is left out); anything else stays text for the validator to name. */
function num(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** Like num, but an empty text stays "" so a required field is reported, not silently dropped. */
function required(text: string): number | string {
  return num(text) ?? '';
}

function segmentLength(text: string): unknown {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : required(text);
}

function list(text: string): unknown[] {
  return text.split(/[\s,]+/).filter((s) => s !== '').map((s) => required(s));
}

function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

function releaseJson(r: TaskForm['release']): unknown {
  const offset = num(r.offset);
  if (r.kind === 'at') return { at: list(r.at) };
  if (r.kind === 'periodic') {
    const p: Record<string, unknown> = { period: required(r.period) };
    put(p, 'offset', offset);
    return { periodic: p };
  }
  const s: Record<string, unknown> = { minGap: required(r.minGap), maxGap: required(r.maxGap) };
  put(s, 'offset', offset);
  return { sporadic: s };
}

function taskJson(t: TaskForm, cls: EditorForm['class']): Record<string, unknown> {
  const out: Record<string, unknown> = { id: t.id };
  // Under EDF priority is only a tie-break: an empty field is left out.
  put(out, 'priority', cls === 'edf' ? num(t.priority) : required(t.priority));
  out.cpu = required(t.cpu);
  if (t.affinity !== null) out.affinity = [...t.affinity];
  out.release = releaseJson(t.release);
  out.deadline = required(t.deadline);
  out.body = t.body.map((s) => (s.md ? { md: segmentLength(s.length) } : { run: segmentLength(s.length) }));
  if (t.note.trim() !== '') out.note = t.note;
  return out;
}

/** The form as a format-1 scenario file (the value parseScenario judges and the JSON tab shows). */
export function formToJson(f: EditorForm): Record<string, unknown> {
  const out: Record<string, unknown> = {
    format: 1,
    slug: f.slug,
    title: f.title,
    summary: f.summary,
    lesson: f.lesson,
    cpus: required(f.cpus),
    duration: required(f.duration),
    class: f.class,
    mdMode: f.mdMode,
  };
  put(out, 'migrationCost', num(f.migrationCost));
  out.balancer = f.balancer;
  put(out, 'seed', num(f.seed));
  put(out, 'stopperDelay', num(f.stopperDelay));
  const goals: Record<string, unknown> = {};
  put(goals, 'parShare', num(f.goals.parShare));
  put(goals, 'maxMissed', num(f.goals.maxMissed));
  put(goals, 'maxStranded', num(f.goals.maxStranded));
  const lines = f.goals.text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > 0) goals.text = lines;
  if (Object.keys(goals).length > 0) out.goals = goals;
  out.tasks = f.tasks.map((t) => taskJson(t, f.class));
  return out;
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {});
const str = (v: unknown, fallback = ''): string => (v === undefined || v === null ? fallback : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v));
const lenText = (v: unknown): string => (Array.isArray(v) && v.length === 2 ? `${str(v[0])}-${str(v[1])}` : str(v));

function taskForm(v: unknown, i: number): TaskForm {
  const t = obj(v);
  const r = obj(t.release);
  const periodic = obj(r.periodic);
  const sporadic = obj(r.sporadic);
  const kind: ReleaseKind = 'at' in r ? 'at' : 'sporadic' in r ? 'sporadic' : 'periodic';
  const blank = blankTask(i).release;
  return {
    id: str(t.id),
    priority: str(t.priority),
    cpu: str(t.cpu, '0'),
    affinity: Array.isArray(t.affinity) ? t.affinity.filter((c): c is number => typeof c === 'number') : null,
    release: {
      kind,
      at: Array.isArray(r.at) ? r.at.map((x) => str(x)).join(', ') : blank.at,
      period: kind === 'periodic' ? str(periodic.period) : blank.period,
      minGap: kind === 'sporadic' ? str(sporadic.minGap) : blank.minGap,
      maxGap: kind === 'sporadic' ? str(sporadic.maxGap) : blank.maxGap,
      offset: str((kind === 'sporadic' ? sporadic : periodic).offset, '0'),
    },
    deadline: str(t.deadline),
    body: Array.isArray(t.body)
      ? t.body.map((s) => {
        const seg = obj(s);
        return 'md' in seg ? { md: true, length: lenText(seg.md) } : { md: false, length: lenText(seg.run) };
      })
      : [],
    note: str(t.note),
  };
}

/**
 * A scenario file (parsed JSON, valid or not) as the form: what can be read is kept,
 * so an imported file with mistakes opens with its mistakes shown at their fields.
 */
export function jsonToForm(value: unknown): EditorForm {
  const o = obj(value);
  const g = obj(o.goals);
  return {
    slug: str(o.slug),
    title: str(o.title),
    summary: str(o.summary),
    lesson: str(o.lesson),
    cpus: str(o.cpus),
    duration: str(o.duration),
    class: o.class === 'edf' ? 'edf' : 'fifo',
    mdMode: o.mdMode === 'preempt_disable' ? 'preempt_disable' : 'migrate_disable',
    migrationCost: str(o.migrationCost, '0'),
    balancer: typeof o.balancer === 'string' ? o.balancer : 'linux-rt-511',
    seed: str(o.seed, '1'),
    stopperDelay: str(o.stopperDelay, '0'),
    goals: {
      parShare: str(g.parShare),
      maxMissed: str(g.maxMissed),
      maxStranded: str(g.maxStranded),
      text: Array.isArray(g.text) ? g.text.map((l) => str(l)).join('\n') : '',
    },
    tasks: Array.isArray(o.tasks) ? o.tasks.map(taskForm) : [],
  };
}

/** The number of CPUs the form's toggles offer: the typed count where usable, else 1. */
export function cpuCount(f: EditorForm): number {
  const n = Number(f.cpus);
  return Number.isInteger(n) && n >= 1 && n <= MAX_CPUS ? n : 1;
}

export const BALANCERS: readonly string[] = BOT_NAMES;

/** Top-level fields the form shows, by their path in the file. */
const TOP_FIELDS = new Set(['slug', 'title', 'summary', 'lesson', 'cpus', 'duration', 'class', 'mdMode', 'migrationCost', 'balancer', 'seed', 'stopperDelay', 'tasks']);
const GOAL_FIELDS = new Set(['parShare', 'maxMissed', 'maxStranded', 'text']);
const TASK_FIELDS = new Set(['id', 'priority', 'cpu', 'affinity', 'deadline', 'note', 'release', 'body']);

/**
 * The form field an error's path belongs to, or null where the form has no field for
 * it (the error then goes to the summary list). Keys: `cpus`, `goals.text`,
 * `tasks[2].affinity` (also for `tasks[2].affinity[0]`), `tasks[2].release.period`
 * (the release's own fields; `tasks[2].release` for the pattern as a whole),
 * `tasks[2].body[1]` (a segment) or `tasks[2].body` (the list).
 */
export function fieldOf(path: string, form: Pick<EditorForm, 'tasks'>): string | null {
  const goal = /^goals\.(\w+)/.exec(path);
  if (goal) return GOAL_FIELDS.has(goal[1]) ? `goals.${goal[1]}` : null;
  const task = /^tasks\[(\d+)\](?:\.(\w+))?(.*)$/.exec(path);
  if (task) {
    const i = Number(task[1]);
    const field = task[2];
    const rest = task[3];
    if (i >= form.tasks.length || !field || !TASK_FIELDS.has(field)) return null;
    const at = `tasks[${i}]`;
    if (field === 'release') {
      const sub = /^\.(?:periodic|sporadic)\.(period|minGap|maxGap|offset)/.exec(rest);
      if (sub) return `${at}.release.${sub[1]}`;
      if (/^\.at/.test(rest)) return `${at}.release.at`;
      return `${at}.release`;
    }
    if (field === 'body') {
      const seg = /^\[(\d+)\]/.exec(rest);
      if (seg && Number(seg[1]) < form.tasks[i].body.length) return `${at}.body[${seg[1]}]`;
      return `${at}.body`;
    }
    return `${at}.${field}`;
  }
  return TOP_FIELDS.has(path) ? path : null;
}

export interface PlacedErrors {
  /** Field key -> its messages. */
  byField: Map<string, string[]>;
  /** Errors with no field in the form (shown in the summary list). */
  unplaced: ScenarioError[];
}

export function placeErrors(errors: readonly ScenarioError[], form: Pick<EditorForm, 'tasks'>): PlacedErrors {
  const byField = new Map<string, string[]>();
  const unplaced: ScenarioError[] = [];
  for (const e of errors) {
    const key = fieldOf(e.path, form);
    if (key === null) unplaced.push(e);
    else byField.set(key, [...(byField.get(key) ?? []), e.message]);
  }
  return { byField, unplaced };
}

/** A DOM id for a field key (ids may not hold brackets in CSS selectors comfortably). */
export function fieldId(key: string): string {
  return `f-${key.replace(/[^A-Za-z0-9]+/g, '-')}`;
}
