/**
 * The cost budget of one simulation: rules of the engine, the same for every bot,
 * player, replay and verification, so a scenario that validates can always be run
 * to its end in bounded time and memory (the server runs thousands of them).
 *
 * - The backlog cap: a task keeps at most MAX_LIVE_JOBS live jobs (released, not
 *   finished). A release while it already has that many is dropped: the job is
 *   counted (jobs), missed at once (missed, a `miss` event on its release tick) and
 *   dropped (dropped), and never runs. It adds no tardiness: it never waited in a queue.
 *   Its segment lengths are still drawn and its job id still taken, so releases and ids
 *   stay the same whatever the schedule (par's clairvoyance relies on it).
 * - The size budget: (tasks x max(cpus, 16) + 256) x duration at most MAX_SCENARIO_COST,
 *   checked when a scenario is validated (parseScenario), with an error naming the limit.
 */

/** Live jobs per task; the built-in levels and the dailies never hold more than 7. */
export const MAX_LIVE_JOBS = 32;

/**
 * The size budget: (tasks x max(cpus, COST_CPU_FLOOR) + COST_PER_TICK) x duration.
 * A tick's work grows with the CPUs times the tasks (the picks, the balancer's scans,
 * the matchings behind the figures), has a part per task that does not shrink with
 * fewer CPUs (releases, queues, the figures' bookkeeping), hence the floor, and a fixed
 * part. Measured on this project's 2-core machine (CPU time, every bot one after the
 * other in one process as a worker runs them, wakeup bursts, backlogs at the cap): one
 * unit costs 0.001 to 0.01 microseconds on small machines and up to 0.09 with the
 * kernel bots on 64 CPUs x 256 tasks, so a scenario at the budget runs in well under a
 * second to about 6 seconds of one core. It admits 64 CPUs x 256 tasks for 3,846 ticks,
 * 16 x 64 for 50,000, 1 x 256 for 14,705, 4 x 10 for 153,846, 1 x 1 for 235,294.
 */
export const MAX_SCENARIO_COST = 64_000_000;

/** Fewer CPUs than this are counted as this many: the per-task part of a tick's work. */
export const COST_CPU_FLOOR = 16;

/** The fixed part of a tick's work, in the same units. */
export const COST_PER_TICK = 256;

/** One tick of a scenario in the units of MAX_SCENARIO_COST (also what rooms budget per second). */
export function tickCost(s: { cpus: number; tasks: { readonly length: number } }): number {
  return s.tasks.length * Math.max(s.cpus, COST_CPU_FLOOR) + COST_PER_TICK;
}

/** A whole run of a scenario in the units of MAX_SCENARIO_COST. */
export function scenarioCost(s: { cpus: number; duration: number; tasks: { readonly length: number } }): number {
  return tickCost(s) * s.duration;
}
