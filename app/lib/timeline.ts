import { matchBestFirst, type CpuView, type GameEvent, type RuleName, type Scenario } from '../../server/engine';

/**
 * What the Gantt chart draws, recorded tick by tick from the engine's events and
 * per-tick views. The same recorder serves the local engine (solo, replays) and
 * server frames (classroom): both give events stamped with their tick plus the CPU
 * views after a tick. It is mutable and append-only, with a `version` to redraw on;
 * copying it every tick would cost more than drawing it.
 */

/** A task occupying a CPU over [start, end) ticks; `end` is null while it still runs. */
export interface Span {
  task: string;
  start: number;
  end: number | null;
}

/** A migrate-disabled stretch executed on a CPU over [start, end]. */
export interface MdSpan {
  task: string;
  cpu: number;
  start: number;
  end: number | null;
}

export type Marker =
  | { kind: 'release'; tick: number; task: string; cpu: number; deadline: number }
  | { kind: 'miss'; tick: number; task: string; deadline: number }
  | { kind: 'complete'; tick: number; task: string; cpu: number; met: boolean }
  | { kind: 'preempt'; tick: number; cpu: number; task: string; by: string }
  | { kind: 'migrate'; tick: number; task: string; from: number; to: number; who: 'player' | 'bot'; rule?: RuleName; player?: string; place?: true }
  | { kind: 'refused'; tick: number; task: string; cpu: number; reason: string };

/** One tick's stranding: idle CPUs while tasks waited pinned elsewhere (DESIGN's "picking their nose"). */
export interface StrandSample {
  tick: number;
  idle: number[];
  /** Pinned tasks that waited (not running) with an idle CPU in their affinity, and the CPU they were stuck on. */
  waiting: { task: string; cpu: number; behind: string | null }[];
  /** Stranded CPU-ticks of the tick: a maximum matching of idle CPUs to those tasks (the engine's figure). */
  cpuTicks: number;
}

export class Timeline {
  readonly cpus: number;
  readonly spans: Span[][];
  readonly md: MdSpan[] = [];
  readonly markers: Marker[] = [];
  readonly strands: StrandSample[] = [];
  /** Ticks recorded so far (the next tick to record). */
  ticks = 0;
  /** Bumped on every change, for memoised views. */
  version = 0;
  /** The machine as the last recorded frame left it (server frames skip quiet ticks: they looked like this). */
  last: { cpus: readonly CpuView[]; pinned: readonly { task: string; cpu: number }[] } | null = null;
  private readonly affinity: Map<string, number[]>;
  private readonly openMd = new Map<string, MdSpan>();

  constructor(scenario: Pick<Scenario, 'cpus' | 'tasks'>) {
    this.cpus = scenario.cpus;
    this.spans = Array.from({ length: scenario.cpus }, () => []);
    this.affinity = new Map(scenario.tasks.map((t) => [t.id, t.affinity]));
  }

  /**
   * Records one executed tick: its events, then the CPU views and pinned tasks
   * after it (what `cpuViews`/`pinnedTasks` return once the tick has run).
   */
  record(tick: number, events: readonly GameEvent[], cpus: readonly CpuView[], pinned: readonly { task: string; cpu: number }[]): void {
    this.addEvents(tick, events);
    this.sample(tick, cpus, pinned);
    this.ticks = Math.max(this.ticks, tick + 1);
    this.version++;
  }

  /** Events of one tick (also usable alone for server frames spanning several ticks). */
  addEvents(tick: number, events: readonly GameEvent[]): void {
    for (const e of events) {
      switch (e.type) {
        case 'switch': {
          const lane = this.spans[e.cpu];
          if (!lane) break;
          const last = lane[lane.length - 1];
          if (last && last.end === null) last.end = tick;
          if (e.to !== null) lane.push({ task: e.to, start: tick, end: null });
          if (e.preempted && e.from !== null && e.to !== null) this.markers.push({ kind: 'preempt', tick, cpu: e.cpu, task: e.from, by: e.to });
          break;
        }
        case 'md-enter': {
          const span: MdSpan = { task: e.task, cpu: e.cpu, start: tick, end: null };
          this.md.push(span);
          this.openMd.set(e.task, span);
          break;
        }
        case 'md-exit': {
          const span = this.openMd.get(e.task);
          if (span) {
            span.end = tick;
            this.openMd.delete(e.task);
          } else {
            // A one-tick section entered and left in the same tick, or recording started mid-section.
            this.md.push({ task: e.task, cpu: e.cpu, start: tick, end: tick });
          }
          break;
        }
        case 'release':
          this.markers.push({ kind: 'release', tick, task: e.task, cpu: e.cpu, deadline: e.deadline });
          break;
        case 'miss':
          this.markers.push({ kind: 'miss', tick, task: e.task, deadline: e.deadline });
          break;
        case 'complete':
          this.markers.push({ kind: 'complete', tick, task: e.task, cpu: e.cpu, met: e.met });
          break;
        case 'migrate':
          this.markers.push(e.by === 'player'
            ? { kind: 'migrate', tick, task: e.task, from: e.from, to: e.to, who: 'player', ...(e.player !== undefined ? { player: e.player } : {}) }
            : { kind: 'migrate', tick, task: e.task, from: e.from, to: e.to, who: 'bot', rule: e.rule });
          break;
        case 'place':
          this.markers.push({ kind: 'migrate', tick, task: e.task, from: e.from, to: e.to, who: 'player', place: true, ...(e.player !== undefined ? { player: e.player } : {}) });
          break;
        case 'refused':
          this.markers.push({ kind: 'refused', tick, task: e.action.task, cpu: e.action.cpu, reason: e.reason });
          break;
        default:
          break;
      }
    }
  }

  /** The stranding of one tick, from the CPU views and pinned tasks after it. */
  sample(tick: number, cpus: readonly CpuView[], pinned: readonly { task: string; cpu: number }[]): void {
    const idle = cpus.filter((c) => c.running === null).map((c) => c.cpu);
    if (idle.length === 0 || pinned.length === 0) return;
    const waiting: StrandSample['waiting'] = [];
    for (const p of pinned) {
      const lane = cpus[p.cpu];
      if (!lane || lane.running === p.task) continue;
      const aff = this.affinity.get(p.task) ?? [];
      if (!idle.some((c) => aff.includes(c))) continue;
      waiting.push({ task: p.task, cpu: p.cpu, behind: lane.running });
    }
    if (waiting.length === 0) return;
    // Each idle CPU rescues at most one waiter, and only one whose mask holds it.
    const usable = new Uint8Array(this.cpus);
    for (const c of idle) usable[c] = 1;
    const cpuTicks = matchBestFirst({ cpus: this.cpus, n: waiting.length, allowed: (i) => this.affinity.get(waiting[i].task) ?? [], usable }, new Uint8Array(waiting.length));
    this.strands.push({ tick, idle, waiting, cpuTicks });
  }

  /** Stranded CPU-ticks recorded (the engine's metric: a maximum matching of idle CPUs to pinned waiters, per tick). */
  strandedCpuTicks(): number {
    let n = 0;
    for (const s of this.strands) n += s.cpuTicks;
    return n;
  }
}

export interface StrandedStretch {
  from: number;
  to: number;
  /** Stranded CPU-ticks within the stretch. */
  cpuTicks: number;
  idleCpu: number;
  task: string;
  stuckOn: number;
  behind: string | null;
}

/**
 * Groups consecutive stranded ticks into stretches, worst (most stranded CPU-ticks,
 * then longest, then earliest) first. The description names the first idle CPU and
 * the first waiting task of the stretch: what the result screen says went wrong.
 */
export function strandedStretches(samples: readonly StrandSample[]): StrandedStretch[] {
  const out: StrandedStretch[] = [];
  let cur: StrandedStretch | null = null;
  for (const s of samples) {
    const n = s.cpuTicks;
    if (cur && s.tick === cur.to + 1) {
      cur.to = s.tick;
      cur.cpuTicks += n;
      continue;
    }
    const w = s.waiting[0];
    cur = { from: s.tick, to: s.tick, cpuTicks: n, idleCpu: s.idle[0], task: w.task, stuckOn: w.cpu, behind: w.behind };
    out.push(cur);
  }
  return out.sort((a, b) => b.cpuTicks - a.cpuTicks || (b.to - b.from) - (a.to - a.from) || a.from - b.from);
}

export function describeStretch(s: StrandedStretch): string {
  const span = s.from === s.to ? `tick ${s.from}` : `ticks ${s.from}–${s.to}`;
  const behind = s.behind ? ` behind ${s.behind}` : '';
  return `${span}: CPU ${s.idleCpu} idled while ${s.task} waited pinned on CPU ${s.stuckOn}${behind}.`;
}

/** The player's moves that took effect: wakeup placements and migrations, and how many of them standing orders made. */
export interface MoveCount {
  placements: number;
  migrations: number;
  byOrders: number;
}

export function movesOf(markers: readonly Marker[]): MoveCount {
  const n: MoveCount = { placements: 0, migrations: 0, byOrders: 0 };
  for (const m of markers) {
    if (m.kind !== 'migrate' || m.who !== 'player') continue;
    if (m.place) n.placements++;
    else n.migrations++;
    if (m.player?.startsWith('order:')) n.byOrders++;
  }
  return n;
}
