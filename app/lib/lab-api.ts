import { API_ROUTES, LAB_POLICY_MAX_WORK, type LabPolicyRequest } from '../../server/protocol';
import { readAnswer } from './api';
import type { Experiment, LabRow } from '../../server/engine/experiment';

/**
 * The lab's user-policy rows from the server (POST /api/lab/policy): the experiment's sets
 * in slices within the server's work cap, in order; a refusal comes back with its code and,
 * for code the sandbox refused, the LoadError kind.
 */
export type PolicySlice = { ok: true; rows: LabRow[]; faults: ({ kind: string; call: string; tick: number; message: string } | null)[] }
  | { ok: false; code: string; kind?: string; message: string; retryAfterSeconds?: number };

/** Sets per request: as many as the cap allows (at least one). */
export function policySliceSize(e: Experiment): number {
  return Math.max(1, Math.floor(LAB_POLICY_MAX_WORK / (e.duration * e.cpus)));
}

export async function fetchPolicySlice(req: LabPolicyRequest, signal?: AbortSignal): Promise<PolicySlice> {
  let res: Response;
  try {
    res = await fetch('/api/lab/policy', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(req), ...(signal ? { signal } : {}) });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    return { ok: false, code: 'offline', message: 'The server could not be reached: user policies run on the server.' };
  }
  const r = await readAnswer(res, API_ROUTES.labPolicy.response);
  if (r.ok) return { ok: true, rows: r.value.rows as LabRow[], faults: r.value.faults };
  if (r.kind !== 'refused') return { ok: false, code: r.kind, message: r.message };
  return {
    ok: false, code: r.code ?? 'refused', message: r.message,
    ...(r.policy ? { kind: r.policy.kind } : {}), ...(r.retryAfterSeconds ? { retryAfterSeconds: r.retryAfterSeconds } : {}),
  };
}
