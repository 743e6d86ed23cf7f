import { API_ROUTES, apiErrorSchema, type ApiErrorCode, type PolicyLoadErrorDetail, type PolicyRunRequest, type PolicyRunResponse } from '../../server/protocol';

/**
 * The editor's one call, POST /api/policies/run, parsed with the contract's schemas. A
 * refusal keeps its code and, for code that cannot be a policy, the sandbox's load error.
 */
export type PolicyRunResult =
  | { ok: true; value: PolicyRunResponse }
  | { ok: false; code: ApiErrorCode | null; message: string; policy: PolicyLoadErrorDetail | null; retryAfterSeconds?: number };

export async function runPolicy(request: PolicyRunRequest): Promise<PolicyRunResult> {
  let res: Response;
  try {
    res = await fetch(API_ROUTES.runPolicy.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, code: null, message: 'The server could not be reached. Check your connection and try again.', policy: null };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* handled below: neither schema parses null */
  }
  if (!res.ok) {
    const e = apiErrorSchema.safeParse(body);
    if (!e.success) return { ok: false, code: null, message: `The server answered ${res.status}. Try again in a moment.`, policy: null };
    const { code, message, policy, retryAfterSeconds } = e.data.error;
    return { ok: false, code, message, policy: policy ?? null, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
  }
  const parsed = API_ROUTES.runPolicy.response.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, code: null, message: 'The server answered in a form this page does not understand.', policy: null };
}
