/**
 * POST /api/policies/run (the policy editor, app/policies): user code run in the sandbox
 * on a built-in level or a pasted scenario, next to the bots, as a `policy-run` job on
 * the simulation pool (server/sim/policy-run.ts). The event loop only validates and
 * waits: loading the code, running it and recording the timelines happen on a worker,
 * under a per-job time budget, so a policy that blocks its thread costs a worker (which
 * the pool terminates and replaces), never the server.
 */
import type { IncomingMessage } from 'node:http';
import { parseScenario, type ScenarioInput } from '../engine';
import { builtinBySlug } from '../engine/levels';
import type { ApiResponse } from '../protocol/http';
import type { PolicyRunRequest } from '../protocol/policies';
import { inlineSimulator, SimulationBusyError, SimulationTimeoutError, type Simulator } from '../sim';
import { policyRunRefusal } from '../sim/policy-run';
import { requestAddress, type RequestAddress } from './address';
import { MINUTE_MS, windowBudget } from './budget';
import { HttpError, invalidPolicy } from './errors';

export interface PolicyRouteOptions {
  /** Policy runs per address per minute (default 10). */
  perMinute?: number;
  /** Each run's time budget on its worker, in ms (default 20 s; a built-in level takes well under 2 s). */
  timeBudgetMs?: number;
  now?: () => number;
  simulator?: Simulator;
  /** Whose budget a request spends (api.ts: the client's address, behind the proxy too); default the connection's. */
  addressOf?: RequestAddress;
}

type Body = Required<Pick<PolicyRunRequest, 'source' | 'filename' | 'scenario' | 'bots' | 'par'>> & Pick<PolicyRunRequest, 'seed'>;

export function policyRoutes(options: PolicyRouteOptions = {}) {
  const budget = windowBudget(options.perMinute ?? 10, MINUTE_MS, options.now ?? Date.now);
  const addressOf = options.addressOf ?? requestAddress(false);
  const timeBudgetMs = options.timeBudgetMs ?? 20_000;
  const simulator = options.simulator ?? inlineSimulator();

  /** The scenario asked for, validated here (a bad one never reaches a worker). */
  function scenarioOf(asked: Body['scenario']): ScenarioInput {
    let input: unknown;
    if ('slug' in asked) {
      input = builtinBySlug(asked.slug);
      if (!input) throw new HttpError('unknown-scenario', `there is no built-in level "${asked.slug}"`);
    } else {
      input = asked.json;
    }
    const parsed = parseScenario(input);
    if (!parsed.ok) {
      const e = parsed.errors[0];
      throw new HttpError('invalid-input', `scenario: ${e.path ? `${e.path}: ` : ''}${e.message}`);
    }
    const refusal = policyRunRefusal(parsed.value);
    if (refusal) throw new HttpError('invalid-input', `scenario: ${refusal}`);
    return input as ScenarioInput;
  }

  async function runPolicy(req: IncomingMessage, body: Body): Promise<ApiResponse<'runPolicy'>> {
    const waitMs = budget(addressOf(req));
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new HttpError('rate-limited', `too many policy runs from this address; try again in ${seconds} s`, seconds);
    }
    const scenario = scenarioOf(body.scenario);
    let out;
    try {
      out = await simulator.run(
        { kind: 'policy-run', input: { source: body.source, filename: body.filename, scenario, bots: body.bots, par: body.par, ...(body.seed !== undefined ? { seed: body.seed } : {}) } },
        { refuseWhenBusy: true, timeBudgetMs },
      );
    } catch (e) {
      if (e instanceof SimulationBusyError) throw new HttpError('busy', e.message, e.retryAfterSeconds);
      if (e instanceof SimulationTimeoutError) {
        throw new HttpError('policy-timeout', `the runs took longer than ${Math.round(e.budgetMs / 1000)} s and were stopped (each call may stay within the sandbox's per-call budget and the whole run still be too slow); nothing else was affected`);
      }
      throw e;
    }
    if (!out.ok) {
      throw invalidPolicy(out.loadError);
    }
    const { policy, scenario: s, runs, logs } = out;
    return { policy, scenario: s, runs, logs };
  }

  return { runPolicy };
}
