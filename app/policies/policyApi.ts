import { requestJson } from '../lib/api';
import { API_ROUTES, type ApiErrorCode, type PolicyLoadErrorDetail, type PolicyRunRequest, type PolicyRunResponse } from '../../server/protocol';

/**
 * The editor's one call, POST /api/policies/run, parsed with the contract's schemas. A
 * refusal keeps its code and, for code that cannot be a policy, the sandbox's load error.
 */
export type PolicyRunResult =
  | { ok: true; value: PolicyRunResponse }
  | { ok: false; code: ApiErrorCode | null; message: string; policy: PolicyLoadErrorDetail | null; retryAfterSeconds?: number };

export async function runPolicy(request: PolicyRunRequest): Promise<PolicyRunResult> {
  const r = await requestJson(API_ROUTES.runPolicy.path, API_ROUTES.runPolicy.response, { method: 'POST', body: JSON.stringify(request) });
  if (r.ok) return r;
  if (r.kind !== 'refused') return { ok: false, code: null, message: r.message, policy: null };
  return { ok: false, code: r.code, message: r.message, policy: r.policy ?? null, ...(r.retryAfterSeconds ? { retryAfterSeconds: r.retryAfterSeconds } : {}) };
}
