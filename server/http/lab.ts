/**
 * The lab's user policies over HTTP (POST /api/lab/policy, contract in server/protocol/http.ts):
 * a slice of an experiment's sets run for one policy in the sandbox, on the server's
 * simulation workers (server/sim, job `lab-policy`), so a runaway policy never holds the
 * event loop. Bounded three ways: work per request (LAB_POLICY_MAX_WORK), work per address
 * per minute (a fixed window, as the run submissions' budget in api.ts), and the pool's
 * queue (busy 503) and per-job time budget.
 */
import type { z } from 'zod';
import { experimentSets } from '../engine/experiment';
import {
  LAB_POLICY_MAX_WORK, LAB_POLICY_WORK_PER_MINUTE, type ApiResponse, type labPolicyRequestSchema,
} from '../protocol/http';
import { inlineSimulator, SimulationBusyError, SimulationTimeoutError, type Simulator } from '../sim';
import { MINUTE_MS, windowBudget } from './budget';
import { HttpError, invalidPolicy } from './errors';

export interface LabOptions {
  /** Work (sets x duration x cpus) one request may ask for. */
  maxWork?: number;
  /** Work one address may ask for per minute. */
  workPerMinute?: number;
}

export interface LabDeps extends LabOptions {
  simulator?: Simulator | undefined;
  now: () => number;
}

type Body = z.output<typeof labPolicyRequestSchema>;

export function createLabHandlers(deps: LabDeps) {
  const maxWork = deps.maxWork ?? LAB_POLICY_MAX_WORK;
  const budget = windowBudget(deps.workPerMinute ?? LAB_POLICY_WORK_PER_MINUTE, MINUTE_MS, deps.now);
  // Tests and tools without a pool run inline; the server passes its worker pool.
  const simulator = deps.simulator ?? inlineSimulator();

  async function policy(body: Body, address: string): Promise<ApiResponse<'labPolicy'>> {
    const e = body.experiment;
    const total = experimentSets(e).length;
    if (body.to > total) throw new HttpError('invalid-input', `body: to: the experiment has ${total} sets`);
    const work = (body.to - body.from) * e.duration * e.cpus;
    if (work > maxWork) {
      throw new HttpError('too-large', `this slice is ${work} units of work (sets x duration x cpus); at most ${maxWork} per request: send fewer sets`);
    }
    const waitMs = budget(address, work);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new HttpError('rate-limited', `this address asked for more policy runs than a minute allows; try again in ${seconds} s`, seconds);
    }
    let out;
    try {
      out = await simulator.run({
        kind: 'lab-policy',
        input: { source: body.source, filename: body.filename, experiment: e, from: body.from, to: body.to },
      }, { refuseWhenBusy: true });
    } catch (err) {
      if (err instanceof SimulationBusyError) throw new HttpError('busy', err.message, err.retryAfterSeconds);
      // The worker was stopped at its time budget: the policy's doing (it blocked its thread), not a server fault.
      if (err instanceof SimulationTimeoutError) {
        throw new HttpError('policy-timeout', `the policy's runs took longer than ${Math.round(err.budgetMs / 1000)} s and were stopped; nothing else was affected`);
      }
      throw err;
    }
    if (!out.ok) throw invalidPolicy(out.loadError);
    return { rows: out.rows, faults: out.faults };
  }

  return { policy };
}
