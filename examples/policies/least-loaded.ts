/**
 * An example user policy for the sandbox (README, "Sandbox"): run it with
 *   npm run sim -- pile-up --policy examples/policies/least-loaded.ts
 *
 * A policy is one self-contained file. It exports `balance` and/or `selectCpu`, and
 * optionally `name`, `summary`, `init` and `migrateEnable` (the engine's Policy
 * interface, server/engine/policy/types.ts). Type-only imports are fine: they vanish
 * when the sandbox compiles the file. Everything it remembers lives in `state`
 * (plain JSON, changed in place or returned by init): the module's own variables are
 * new on every call.
 */
import type { Decision, Placement, PolicyView } from '../../server/engine';

export const name = 'least-loaded';
export const summary = 'Wake on the allowed CPU with the least queued; push a waiting task to an idle CPU.';

interface State {
  [key: string]: number;
  /** How many tasks this policy moved: an example of state kept between calls. */
  moves: number;
}

export function init(): State {
  return { moves: 0 };
}

/** Where a waking task goes: its previous CPU if idle, else the allowed CPU with the shortest queue. */
export function selectCpu(view: PolicyView, task: number): Placement {
  const t = view.tasks[task];
  if (view.cpus[t.cpu].queue.length === 0) return { cpu: t.cpu, rule: 'policy' };
  let best = t.cpu;
  for (const c of t.affinity) {
    if (view.cpus[c].queue.length < view.cpus[best].queue.length) best = c;
  }
  return { cpu: best, rule: 'policy' };
}

/** Each idle CPU takes one waiting (queued, not running, not pinned) task it may run. */
export function balance(view: PolicyView, state: State): Decision[] {
  const out: Decision[] = [];
  const taken = new Set<number>();
  for (let c = 0; c < view.cpus.length; c++) {
    if (view.cpus[c].queue.length > 0) continue;
    let pick = -1;
    for (let from = 0; from < view.cpus.length && pick < 0; from++) {
      const rq = view.cpus[from];
      if (rq.queue.length < 2) continue;
      for (const t of rq.queue) {
        const task = view.tasks[t];
        if (t !== rq.running && !task.pinned && !taken.has(t) && task.affinity.includes(c)) {
          pick = t;
          break;
        }
      }
    }
    if (pick >= 0) {
      taken.add(pick);
      out.push({ task: pick, cpu: c });
      state.moves++;
    }
  }
  return out;
}
