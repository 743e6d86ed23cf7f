/**
 * What the teacher accounts (server/accounts, better-auth) need from storage, without leaving
 * server/db: better-auth's database adapter over this store's Prisma client (or its memory
 * adapter for createMemoryRepositories), the cookie-signing secret kept across restarts, and
 * the role change the admin command makes. better-auth owns the four tables' rows; this
 * module only hands it the client.
 */
import { randomBytes } from 'node:crypto';
import type { BetterAuthOptions } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { memoryAdapter } from 'better-auth/adapters/memory';
import type { PrismaClient } from './generated/sqlite/client';

export type AuthRole = 'teacher' | 'admin';

/** better-auth's models as named in prisma/schema.prisma (server/accounts maps them by modelName). */
export const AUTH_MODELS = { user: 'authUser', session: 'authSession', account: 'authAccount', verification: 'authVerification' } as const;

export interface AuthUserSummary {
  id: string;
  name: string;
  username: string | null;
  email: string;
  role: string;
}

export interface AuthStore {
  /** better-auth's `database` option over this store. */
  readonly database: NonNullable<BetterAuthOptions['database']>;
  /** The stored secret, or `candidate` stored now if none was (the first caller wins a race). */
  secret(candidate: string): Promise<string>;
  /** Sets the role of the user whose username (any case) or e-mail is `login`; null when there is none. */
  setRole(login: string, role: AuthRole): Promise<AuthUserSummary | null>;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === 'P2002';

const summary = (u: AuthUserSummary): AuthUserSummary => ({ id: u.id, name: u.name, username: u.username, email: u.email, role: u.role });

export function createPrismaAuthStore(prisma: PrismaClient, provider: 'sqlite' | 'postgres'): AuthStore {
  return {
    database: prismaAdapter(prisma, { provider: provider === 'postgres' ? 'postgresql' : 'sqlite' }),
    async secret(candidate) {
      const found = await prisma.authSecret.findUnique({ where: { id: 1 } });
      if (found) return found.secret;
      try {
        return (await prisma.authSecret.create({ data: { id: 1, secret: candidate } })).secret;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        return (await prisma.authSecret.findUniqueOrThrow({ where: { id: 1 } })).secret;
      }
    },
    async setRole(login, role) {
      const key = login.trim().toLowerCase();
      const user = await prisma.authUser.findFirst({ where: { OR: [{ username: key }, { email: key }] } });
      if (!user) return null;
      return summary(await prisma.authUser.update({ where: { id: user.id }, data: { role } }));
    },
  };
}

/** better-auth's own memory adapter: accounts live as long as the process (tests, tools). */
export function createMemoryAuthStore(): AuthStore {
  const tables: Record<string, Record<string, unknown>[]> = { [AUTH_MODELS.user]: [], [AUTH_MODELS.session]: [], [AUTH_MODELS.account]: [], [AUTH_MODELS.verification]: [] };
  let secret: string | null = null;
  return {
    database: memoryAdapter(tables),
    async secret(candidate) {
      secret ??= candidate;
      return secret;
    },
    async setRole(login, role) {
      const key = login.trim().toLowerCase();
      const user = tables[AUTH_MODELS.user]!.find((u) => u.username === key || u.email === key) as AuthUserSummary | undefined;
      if (!user) return null;
      user.role = role;
      return summary(user);
    },
  };
}

/** A fresh secret for better-auth (256 bits). */
export const newAuthSecret = (): string => randomBytes(32).toString('base64url');
