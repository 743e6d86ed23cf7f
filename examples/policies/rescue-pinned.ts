/**
 * Rescue pinned: a task preempted inside its migrate-disabled section cannot move, so
 * move what runs over it. When a pinned task waits behind a running one that is free to
 * go, the running one goes to an idle CPU of its mask (the stopper's push of the
 * preemptor in Linux 5.11, R4.4, done at once). Try it on push-the-preemptor.
 */
import type { Decision, PolicyView } from '../../server/engine';

export const name = 'rescue-pinned';
export const summary = 'When a pinned task waits behind a running one, move the running one to an idle CPU.';

export function balance(view: PolicyView): Decision[] {
  const idle = new Set<number>();
  view.cpus.forEach((c, i) => {
    if (c.queue.length === 0) idle.add(i);
  });
  const out: Decision[] = [];
  view.cpus.forEach((rq) => {
    const run = rq.running;
    if (run < 0 || !rq.queue.includes(run) || view.tasks[run].pinned) return;
    const stuck = rq.queue.some((t) => t !== run && view.tasks[t].pinned);
    const to = view.tasks[run].affinity.find((c) => idle.has(c));
    if (!stuck || to === undefined) return;
    idle.delete(to);
    out.push({ task: run, cpu: to });
  });
  return out;
}
