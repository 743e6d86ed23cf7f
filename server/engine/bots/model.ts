import type { RuleName } from '../rules';
import { NO_DECISIONS, type Decision, type PolicyView } from '../policy/types';

/** No task, no CPU (the view's -1). */
export const NONE = -1;
/** The level of a CPU with nothing queued: below every real key. */
export const NO_KEY = Number.MIN_SAFE_INTEGER;

/**
 * The runqueues as a balancing pass sees them: the view, plus the pass's own moves
 * on top. A kernel-like pass moves a task and then reasons about the result (its
 * next push sees the task where it went); the view is read-only, so a move records
 * the fields it changes (the task's CPU and enqueue order, the two queues, their best
 * task) in an overlay, and reads prefer the overlay. Overlay entries carry the pass's
 * number, so a new pass forgets the last one's without clearing anything, and a pass
 * with no move (most ticks) writes nothing. Its moves and notes, in order, are the answer.
 */
export class Runqueues {
  v!: PolicyView;
  private out: Decision[] | null = null;
  private moved = false;
  /** This pass's number: an overlay entry stamped with another number is stale. */
  private pass = 0;
  private taskStamp: number[] = [];
  private cpuOf: number[] = [];
  private seqOf: number[] = [];
  private cpuStamp: number[] = [];
  private queues: number[][] = [];
  private bests: number[] = [];
  private stale: boolean[] = [];
  private nextSeq = 0;

  /** Starts a pass over `v`; forgets the previous pass. */
  begin(v: PolicyView): this {
    this.v = v;
    this.out = null;
    this.moved = false;
    this.pass++;
    return this;
  }

  /** The pass's moves and notes, in the order they were made. */
  decisions(): readonly Decision[] {
    return this.out ?? NO_DECISIONS;
  }

  get cpus(): number {
    return this.v.cpus.length;
  }

  key(t: number): number {
    return this.v.tasks[t].key;
  }

  affinity(t: number): readonly number[] {
    return this.v.tasks[t].affinity;
  }

  runnable(t: number): boolean {
    return this.v.tasks[t].runnable;
  }

  isPinned(t: number): boolean {
    return this.v.tasks[t].pinned;
  }

  private taskMoved(t: number): boolean {
    return this.moved && this.taskStamp[t] === this.pass;
  }

  private cpuTouched(c: number): boolean {
    return this.moved && this.cpuStamp[c] === this.pass;
  }

  cpuOfTask(t: number): number {
    return this.taskMoved(t) ? this.cpuOf[t] : this.v.tasks[t].cpu;
  }

  private seq(t: number): number {
    return this.taskMoved(t) ? this.seqOf[t] : this.v.tasks[t].seq;
  }

  queue(c: number): readonly number[] {
    return this.cpuTouched(c) ? this.queues[c] : this.v.cpus[c].queue;
  }

  /** Does task a win a CPU over task b? Higher key, then earlier enqueue, then lower index (the engine's order). */
  beats(a: number, b: number): boolean {
    const ka = this.key(a), kb = this.key(b);
    if (ka !== kb) return ka > kb;
    const sa = this.seq(a), sb = this.seq(b);
    if (sa !== sb) return sa < sb;
    return a < b;
  }

  /** The best task queued on a CPU (running one included), or NONE: highest_prio.curr. */
  bestOn(c: number): number {
    if (!this.cpuTouched(c)) return this.v.cpus[c].best;
    if (this.stale[c]) {
      const q = this.queues[c];
      let best = NONE;
      for (let i = 0; i < q.length; i++) if (best === NONE || this.beats(q[i], best)) best = q[i];
      this.bests[c] = best;
      this.stale[c] = false;
    }
    return this.bests[c];
  }

  /** A CPU's priority level for find_lowest_rq: its best task's key, NO_KEY when nothing is queued. */
  levelOf(c: number): number {
    const b = this.bestOn(c);
    return b === NONE ? NO_KEY : this.key(b);
  }

  /** The task that ran on this CPU last tick if it is still queued there, else NONE. */
  currentOn(c: number): number {
    const r = this.v.cpus[c].running;
    if (r === NONE) return NONE;
    return this.runnable(r) && this.cpuOfTask(r) === c ? r : NONE;
  }

  /** What the CPU will run at this tick's pick: its best task, unless a non-preemptible section keeps the current one. */
  pickFor(c: number): number {
    if (this.v.nonPreemptible) {
      const cur = this.currentOn(c);
      if (cur !== NONE && this.isPinned(cur)) return cur;
    }
    return this.bestOn(c);
  }

  /** Pinned tasks queued on a CPU (the kernel's rq->nr_pinned). */
  nrPinned(c: number): number {
    const q = this.queue(c);
    let n = 0;
    for (let i = 0; i < q.length; i++) if (this.isPinned(q[i])) n++;
    return n;
  }

  /** Moves a task (the caller checked it may move) and records the move. */
  migrate(t: number, to: number, rule: RuleName): void {
    if (!this.moved) this.firstMove();
    const from = this.cpuOfTask(t);
    const q = this.touch(from);
    const i = q.indexOf(t);
    if (i >= 0) {
      q[i] = q[q.length - 1];
      q.pop();
    }
    this.touch(to).push(t);
    this.taskStamp[t] = this.pass;
    this.cpuOf[t] = to;
    this.seqOf[t] = ++this.nextSeq;
    this.stale[from] = true;
    this.stale[to] = true;
    this.push({ task: t, cpu: to, rule });
  }

  note(rule: RuleName, cpu: number, task: number, text: string): void {
    this.push(task === NONE ? { note: text, rule, cpu } : { note: text, rule, cpu, task });
  }

  private push(d: Decision): void {
    if (this.out === null) this.out = [];
    this.out.push(d);
  }

  /** The overlay's copy of a CPU's queue, made on the pass's first move from or to it. */
  private touch(c: number): number[] {
    if (this.cpuStamp[c] !== this.pass) {
      const view = this.v.cpus[c];
      this.cpuStamp[c] = this.pass;
      this.queues[c] = view.queue.slice();
      this.bests[c] = view.best;
      this.stale[c] = false;
    }
    return this.queues[c];
  }

  /** The pass's first move: size the overlay (once per shape) and number moves after every enqueue so far. */
  private firstMove(): void {
    const tasks = this.v.tasks;
    const n = tasks.length, m = this.v.cpus.length;
    if (this.taskStamp.length !== n) {
      this.taskStamp = new Array<number>(n).fill(0);
      this.cpuOf = new Array<number>(n).fill(0);
      this.seqOf = new Array<number>(n).fill(0);
    }
    if (this.cpuStamp.length !== m) {
      this.cpuStamp = new Array<number>(m).fill(0);
      this.queues = Array.from({ length: m }, () => []);
      this.bests = new Array<number>(m).fill(NONE);
      this.stale = new Array<boolean>(m).fill(false);
    }
    // Enqueue numbers only order tasks: a move goes after every task queued so far, as in the engine.
    let max = 0;
    for (let t = 0; t < n; t++) {
      const q = tasks[t].seq;
      const a = q < 0 ? -q : q;
      if (a > max) max = a;
    }
    this.nextSeq = max;
    this.moved = true;
  }
}
