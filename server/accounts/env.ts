/**
 * The accounts' settings from the environment (server/main.ts and each cluster process):
 *   BETTER_AUTH_SECRET  signs the session cookies; unset: generated once and kept in the database
 *   BETTER_AUTH_URL     the public URL (https://... behind a TLS proxy: Secure cookies); unset: the server's own
 *   BETTER_AUTH_TRUSTED_ORIGINS  comma-separated origins trusted besides the request's own host
 *   TRUST_PROXY=1       the client's address (rate limits) is the last X-Forwarded-For entry
 */
import type { AccountsOptions } from '.';

export function accountsFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<AccountsOptions, 'baseURL' | 'logger'> & { baseURL?: string } {
  const origins = (env.BETTER_AUTH_TRUSTED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  return {
    ...(env.BETTER_AUTH_SECRET ? { secret: env.BETTER_AUTH_SECRET } : {}),
    ...(env.BETTER_AUTH_URL ? { baseURL: env.BETTER_AUTH_URL } : {}),
    ...(origins.length ? { trustedOrigins: origins } : {}),
    trustProxy: env.TRUST_PROXY === '1',
  };
}
