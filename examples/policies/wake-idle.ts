/**
 * Wake idle: the simplest wakeup placement. A waking task goes to its previous CPU when
 * that CPU is idle, else to the first idle CPU of its mask, else back to its previous
 * CPU. No balancing afterwards: compare it with sticky (never moves) on idle-cpus.
 */
import type { Placement, PolicyView } from '../../server/engine';

export const name = 'wake-idle';
export const summary = 'Wake on an idle CPU of the mask when the previous one is busy; never migrate afterwards.';

export function selectCpu(view: PolicyView, task: number): Placement {
  const t = view.tasks[task];
  const idle = (c: number) => view.cpus[c].queue.length === 0;
  if (idle(t.cpu)) return { cpu: t.cpu, rule: 'policy' };
  const free = t.affinity.find(idle);
  return { cpu: free ?? t.cpu, rule: 'policy' };
}
