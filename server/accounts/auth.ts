/**
 * The better-auth instance of the teacher accounts: e-mail and password plus the username
 * plugin (sign in with either), sessions in httpOnly SameSite=Lax cookies signed with the
 * secret, rate limits on its routes, Origin checked against this site on state changes.
 */
import { betterAuth } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { username } from 'better-auth/plugins';
import { AUTH_MODELS, type AuthStore } from '../db';
import type { Logger } from '../rooms';
import { sameSiteOrigins } from './origin';
import { memoryRateLimitStorage } from './rate-limit';

/** Where better-auth reads the client's address: set by our handler, never by the client (see handler.ts). */
export const CLIENT_ADDRESS_HEADER = 'x-accounts-client-address';

/** A sign-up without an e-mail gets this address (the .invalid TLD never resolves): better-auth requires one. */
export const NO_EMAIL_DOMAIN = 'users.invalid';

export interface AuthSettings {
  store: AuthStore;
  secret: string;
  baseURL: string;
  /** Origins trusted besides the request's own host (e.g. a separate front end). */
  trustedOrigins: readonly string[];
  /** Sign-in attempts per address per minute (both sign-in routes together). */
  signInPerMinute: number;
  signUpPerMinute: number;
  logger?: Logger;
}

export function createAuth(s: AuthSettings) {
  return betterAuth({
    appName: 'RT balancing game',
    baseURL: s.baseURL,
    basePath: '/api/auth',
    secret: s.secret,
    database: s.store.database,
    user: {
      modelName: AUTH_MODELS.user,
      additionalFields: {
        // Never set by a sign-up body (input: false): admins are made by `npm run admin -- promote`.
        role: { type: 'string', required: false, defaultValue: 'teacher', input: false },
      },
    },
    session: { modelName: AUTH_MODELS.session },
    account: { modelName: AUTH_MODELS.account },
    verification: { modelName: AUTH_MODELS.verification },
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128 },
    plugins: [username({ minUsernameLength: 3, maxUsernameLength: 30 })],
    // The page's own host (any port, localhost or 127.0.0.1, behind a proxy keeping Host) and the configured ones.
    trustedOrigins: (request) => [...(request ? sameSiteOrigins({ headers: { host: request.headers.get('host') ?? undefined } }) : []), ...s.trustedOrigins],
    rateLimit: {
      enabled: true,
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/*': { window: 60, max: s.signInPerMinute },
        '/sign-up/*': { window: 60, max: s.signUpPerMinute },
      },
      customStorage: memoryRateLimitStorage(),
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      useSecureCookies: s.baseURL.startsWith('https://'),
      // Explicit: better-auth turns its Origin check off by itself under a test runner (NODE_ENV=test).
      disableOriginCheck: false,
      disableCSRFCheck: false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-up/email') return;
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        const name = typeof body.username === 'string' ? body.username : undefined;
        const email = typeof body.email === 'string' && body.email.trim() !== '' ? body.email : name ? `${name.toLowerCase()}@${NO_EMAIL_DOMAIN}` : body.email;
        return { context: { ...ctx, body: { ...body, email, name: typeof body.name === 'string' && body.name.trim() !== '' ? body.name : name } } };
      }),
    },
    telemetry: { enabled: false },
    logger: {
      level: 'warn',
      log: (level, message, ...args) => {
        if (!s.logger) return;
        const data = { source: 'better-auth', detail: args.map(String).join(' ') };
        if (level === 'error') s.logger.error(message, data);
        else s.logger.info(message, data);
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
