import { scoreOf, summarize } from '../summary';
import type { GameState, JobState } from '../types';
import type { Timeline } from './timeline';

/**
 * An upper bound on the final score of any continuation of `s`, from a relaxation:
 * every task gets a CPU of its own from now on. That drops everything that makes tasks
 * compete (other tasks, CPU count, affinity, migrate_disable pins, non-preemptible
 * sections, the balancer, migration costs not yet incurred) and keeps what binds a
 * task alone: its jobs run one after another on its single thread, a job cannot start
 * before its release, and its work (plus migration cost already owed) takes that many
 * ticks. Each job then completes as early as it possibly can, and is scored as the
 * score formula scores it (met +100; missed -100 and one point per tick late; pending
 * at the end 0); the formula's other terms are penalties (>= 0), relaxed to 0.
 *
 * Valid because finishing a job earlier never lowers its contribution, and no schedule
 * finishes a task's jobs earlier than its thread alone can.
 */
export function scoreBound(s: GameState, timeline: Timeline, now: number = scoreOf(summarize(s))): number {
  return now + futureGain(s, timeline);
}

/** The relaxation's best change in score from `s` to the end of the run. */
export function futureGain(s: GameState, timeline: Timeline): number {
  const t = s.tick;
  const end = s.scenario.duration;
  let gain = 0;
  for (let i = 0; i < s.tasks.length; i++) {
    const task = s.tasks[i];
    let free: number = t;
    for (let k = 0; k < task.jobs.length; k++) {
      const job = task.jobs[k];
      free += (k === 0 ? task.costLeft + remainingWork(job) : totalWork(job));
      gain += jobGain(job.missed, job.deadline, free, t, end);
    }
    for (const job of timeline.jobs[i]) {
      if (job.id <= s.jobSeq) continue;
      free = Math.max(free, job.release) + job.work;
      gain += jobGain(false, job.deadline, free, t, end);
    }
  }
  return gain;
}

/**
 * What a job completing at `done` (the end of its last tick) adds from tick `t` on.
 * A job already marked missed has had its -100 and its lateness up to `t` counted.
 */
function jobGain(missed: boolean, deadline: number, done: number, t: number, end: number): number {
  if (missed) return -(Math.min(done, end) - t);
  if (done <= deadline && done <= end) return 100;
  if (deadline <= end) return -100 - (Math.min(done, end) - deadline);
  return 0;
}

function remainingWork(job: JobState): number {
  let w = job.lens[job.seg] - job.done;
  for (let k = job.seg + 1; k < job.lens.length; k++) w += job.lens[k];
  return w;
}

function totalWork(job: JobState): number {
  let w = 0;
  for (let k = 0; k < job.lens.length; k++) w += job.lens[k];
  return w;
}
