import type { RuleName } from '../rules';
import { NO_DECISIONS, type Decision, type PolicyView } from '../policy/types';

/** No task, no CPU (the view's -1). */
export const NONE = -1;
/** The level of a CPU with nothing queued: below every real key. */
export const NO_KEY = Number.MIN_SAFE_INTEGER;

/**
 * The runqueues as a balancing pass sees them: the view, plus the pass's own moves
 * on top. A kernel-like pass moves a task and then reasons about the result (its
 * next push sees the task where it went); the view is read-only, so the first move
 * of a pass copies the few fields a move changes (each task's CPU and enqueue order,
 * the queues, each CPU's best task) and later reads come from the copy. A pass with
 * no move (most ticks) copies nothing. Its moves and notes, in order, are the answer.
 */
export class Runqueues {
  v!: PolicyView;
  private out: Decision[] | null = null;
  private moved = false;
  private cpuOf: number[] = [];
  private seqOf: number[] = [];
  private queues: number[][] = [];
  private bests: number[] = [];
  private stale: boolean[] = [];
  private nextSeq = 0;

  /** Starts a pass over `v`; forgets the previous pass. */
  begin(v: PolicyView): this {
    this.v = v;
    this.out = null;
    this.moved = false;
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

  cpuOfTask(t: number): number {
    return this.moved ? this.cpuOf[t] : this.v.tasks[t].cpu;
  }

  private seq(t: number): number {
    return this.moved ? this.seqOf[t] : this.v.tasks[t].seq;
  }

  queue(c: number): readonly number[] {
    return this.moved ? this.queues[c] : this.v.cpus[c].queue;
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
    if (!this.moved) return this.v.cpus[c].best;
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
    if (!this.moved) this.copy();
    const from = this.cpuOf[t];
    const q = this.queues[from];
    const i = q.indexOf(t);
    if (i >= 0) {
      q[i] = q[q.length - 1];
      q.pop();
    }
    this.queues[to].push(t);
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

  /** Copies the view's movable fields into this pass's arrays, reused from pass to pass (no allocation per move). */
  private copy(): void {
    const tasks = this.v.tasks;
    const cpus = this.v.cpus;
    const n = tasks.length, m = cpus.length;
    this.cpuOf.length = 0;
    this.seqOf.length = 0;
    // Enqueue numbers only order tasks: a move goes after every task queued so far, as in the engine.
    let max = 0;
    for (let t = 0; t < n; t++) {
      const v = tasks[t];
      this.cpuOf.push(v.cpu);
      this.seqOf.push(v.seq);
      const a = v.seq < 0 ? -v.seq : v.seq;
      if (a > max) max = a;
    }
    this.nextSeq = max;
    while (this.queues.length < m) this.queues.push([]);
    this.queues.length = m;
    this.bests.length = 0;
    this.stale.length = 0;
    for (let c = 0; c < m; c++) {
      const from = cpus[c].queue;
      const to = this.queues[c];
      to.length = 0;
      for (let i = 0; i < from.length; i++) to.push(from[i]);
      this.bests.push(cpus[c].best);
      this.stale.push(false);
    }
    this.moved = true;
  }
}
