import { apiErrorSchema, API_ROUTES, LAB_POLICY_MAX_WORK, type LabPolicyRequest } from '../../server/protocol';
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
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = apiErrorSchema.safeParse(body);
    if (!err.success) return { ok: false, code: 'bad-answer', message: `The server answered ${res.status}.` };
    const { code, message, policy, retryAfterSeconds } = err.data.error;
    return { ok: false, code, message, ...(policy ? { kind: policy.kind } : {}), ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
  }
  const parsed = API_ROUTES.labPolicy.response.safeParse(body);
  if (!parsed.success) return { ok: false, code: 'bad-answer', message: 'The server answered in a form this page does not understand.' };
  return { ok: true, rows: parsed.data.rows as LabRow[], faults: parsed.data.faults };
}
