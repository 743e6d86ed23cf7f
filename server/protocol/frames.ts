import { scoreOf, type CpuView, type LiveRates, type TaskProgress } from '../engine';
import type { Frame, FrameEvent, RunPicture, RunStats } from './views';

/**
 * Frames on the wire carry what the client could not foresee, nothing more.
 *
 * Between two events a run changes in a way anyone holding its picture can run on alone:
 * the running jobs advance (migration cost first, then the body) and the late, stranded and
 * wasted figures grow by their rates. Server and client run the picture on with the same
 * `predictPicture`; the server sends a frame only when a tick had events, the plans changed or a
 * sleeping task came into view (the only changes without an event: tests/property/frames.test.ts
 * holds the engine to it), or every `quietFrameEvery` ticks as a heartbeat, and the frame holds
 * the events plus the parts that differ from the prediction. So a quiet tick costs no message,
 * and a frame is mostly its events.
 *
 * The invariant both sides rely on: after each frame (and between frames, since a tick that
 * breaks the prediction is sent at once) the run's state equals the prediction from the last
 * frame sent. A view (join, resume, resync) is the state itself, so it is a valid base too.
 */

/**
 * A run sends a frame at least this often (ticks), news or not; a client runs its picture on
 * at most this far past its last frame (a server gone quiet longer is stalled, not calm).
 */
export const MAX_QUIET_TICKS = 10;

/**
 * A frame as sent: the tick, the version and the events always; each other part only when it
 * differs from the prediction (`progress`: only the tasks that differ, null for a task gone).
 */
export interface WireFrame {
  roomId: string;
  runId: string;
  tick: number;
  version: number;
  events: FrameEvent[];
  /** Every part is present, `progress` complete: a base by itself (a run's first frame, or its first after a takeover). */
  whole?: true;
  cpus?: CpuView[];
  pinned?: { task: string; cpu: number }[];
  incoming?: { task: string; at: number }[];
  plans?: { task: string; cpu: number }[];
  progress?: Record<string, TaskProgress | null>;
  stats?: RunStats;
  rates?: LiveRates;
}

/** The parts of a picture compared and sent whole when they differ. */
const WHOLE_PARTS = ['cpus', 'pinned', 'incoming', 'plans', 'stats', 'rates'] as const;

/**
 * The picture `ticks` ticks later if nothing happens. Composes: predicting a then b ticks is
 * predicting a + b, so a client whose base is a view taken between frames agrees with the server.
 */
export function predictPicture(p: RunPicture, ticks: number): RunPicture {
  if (ticks <= 0) return p;
  const progress: Record<string, TaskProgress> = { ...p.progress };
  for (const c of p.cpus) {
    const job = c.running === null ? undefined : progress[c.running];
    if (job && c.running !== null) progress[c.running] = runJob(job, ticks);
  }
  const { rates, stats } = p;
  const tardiness = stats.tardiness + rates.tardiness * ticks;
  const stranded = stats.stranded + rates.stranded * ticks;
  return {
    ...p,
    tick: p.tick + ticks,
    progress,
    stats: {
      ...stats,
      tardiness,
      stranded,
      wasted: stats.wasted + rates.wasted * ticks,
      score: scoreOf({ met: stats.met, missed: stats.missed, tardiness, strandedCpuTicks: stranded }),
    },
  };
}

/**
 * A running job `ticks` ticks on: migration cost first, then its body, segment after segment
 * (a segment done hands over to the next at once; the last one done is a completion, an event).
 */
function runJob(job: TaskProgress, ticks: number): TaskProgress {
  let { costLeft, seg, done } = job;
  const last = job.lens.length - 1;
  for (let t = 0; t < ticks; t++) {
    if (costLeft > 0) costLeft--;
    else done++;
    while (seg < last && done >= job.lens[seg]) {
      done -= job.lens[seg];
      seg++;
    }
  }
  return { ...job, costLeft, seg, done };
}

/**
 * Deep equality of plain JSON values (what frames are made of), without encoding them: this runs
 * for every run on every tick, so it must cost little and make no garbage.
 */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!(k in y) || !same(x[k], y[k])) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}

export type PictureDiff = Omit<WireFrame, 'roomId' | 'runId' | 'tick' | 'version' | 'events'>;

/** What `actual` has that `predicted` does not: empty when the prediction holds; everything (`whole`) without one. */
export function diffPicture(predicted: RunPicture | null, actual: RunPicture): PictureDiff {
  const out: PictureDiff = predicted ? {} : { whole: true };
  for (const part of WHOLE_PARTS) {
    if (!predicted || !same(predicted[part], actual[part])) (out as Record<string, unknown>)[part] = actual[part];
  }
  const progress: Record<string, TaskProgress | null> = {};
  let changed = false;
  for (const [task, job] of Object.entries(actual.progress)) {
    if (predicted && same(predicted.progress[task], job)) continue;
    progress[task] = job;
    changed = true;
  }
  if (predicted) {
    for (const task of Object.keys(predicted.progress)) {
      if (!(task in actual.progress)) {
        progress[task] = null;
        changed = true;
      }
    }
  }
  if (changed || !predicted) out.progress = progress;
  return out;
}

/** The picture a frame shows: the base run on to the frame's tick, then the frame's parts over it. */
export function applyFrame(base: RunPicture, f: WireFrame): RunPicture {
  const whole = wholePicture(f);
  if (whole) return whole;
  const p = predictPicture(base, f.tick - base.tick);
  let progress = p.progress;
  if (f.progress) {
    progress = { ...progress };
    for (const [task, job] of Object.entries(f.progress)) {
      if (job === null) delete progress[task];
      else progress[task] = job;
    }
  }
  return {
    tick: f.tick,
    cpus: f.cpus ?? p.cpus,
    pinned: f.pinned ?? p.pinned,
    incoming: f.incoming ?? p.incoming,
    plans: f.plans ?? p.plans,
    progress,
    stats: f.stats ?? p.stats,
    rates: f.rates ?? p.rates,
  };
}

/** A whole frame, as the rooms record it and the UI reads it, from a picture and the wire's head. */
export function fullFrame(f: Pick<WireFrame, 'roomId' | 'runId' | 'version' | 'events'>, p: RunPicture): Frame {
  return { roomId: f.roomId, runId: f.runId, tick: p.tick, version: f.version, cpus: p.cpus, pinned: p.pinned, incoming: p.incoming, plans: p.plans, progress: p.progress, events: f.events, stats: p.stats, rates: p.rates };
}

/**
 * One client's frames, whole: keeps each run's picture (from a view, then from each frame in
 * order) and turns wire frames into whole ones. A frame whose version is not the next one is a
 * gap (answered null): the caller asks for a view again (room:resync) and `reset`s from it.
 */
export class FrameAssembler {
  private readonly runs = new Map<string, { version: number; picture: RunPicture }>();

  /** A view (join, resume, resync, watch) is a base: the run's picture at its version. */
  reset(runId: string, version: number, picture: RunPicture): void {
    this.runs.set(runId, { version, picture });
  }

  /** The whole frame, or null for a frame that cannot be read here (no base, or a gap). A whole wire frame is a base itself. */
  accept(f: WireFrame): Frame | null {
    const held = this.runs.get(f.runId);
    const whole = wholePicture(f);
    if (!whole && (!held || f.version !== held.version + 1)) return null;
    const picture = whole ?? applyFrame(held!.picture, f);
    this.runs.set(f.runId, { version: f.version, picture });
    return fullFrame(f, picture);
  }
}

/**
 * The picture a wire frame holds by itself, if it holds every part: a run's first frame
 * (and the first after a takeover or a restore) is sent whole, so it needs no base.
 */
export function wholePicture(f: WireFrame): RunPicture | null {
  const { cpus, pinned, incoming, plans, progress, stats, rates } = f;
  if (!f.whole || !cpus || !pinned || !incoming || !plans || !progress || !stats || !rates) return null;
  return { tick: f.tick, cpus, pinned, incoming, plans, progress: progress as Record<string, TaskProgress>, stats, rates };
}

/** The picture of a view or a whole frame. */
export function pictureOf(v: RunPicture): RunPicture {
  return { tick: v.tick, cpus: v.cpus, pinned: v.pinned, incoming: v.incoming, plans: v.plans, progress: v.progress, stats: v.stats, rates: v.rates };
}
