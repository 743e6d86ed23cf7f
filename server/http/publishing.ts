/**
 * Publishing routes (README "Publishing scenarios"; contract in server/protocol/publishing.ts),
 * merged into the API's handler table by api.ts. Who may do what is publishing-access.ts's;
 * here: validate the file with the engine (every error at once), ask the accounts resolver who
 * is signed in, and answer.
 */
import type { IncomingMessage } from 'node:http';
import type { ApiResponse, Published } from '../protocol/http';
import type { PublishState } from '../db/authored-types';
import { toScenarioDoc } from '../db/scenarios';
import { ScenarioConflictError, type Repositories, type ScenarioDoc, type ScenarioRecord } from '../db/types';
import type { RequestAddress } from './address';
import { NO_ACCOUNTS, type Account, type AccountResolver } from './accounts';
import { HOUR_MS, windowBudget } from './budget';
import { HttpError } from './errors';
import { adminRefusal, canHost, canOpen, isOwner, isPublished, ownerRefusal, type Refusal } from '../db/authored-access';
import type { Ctx } from './api';

export interface PublishingOptions {
  accounts?: AccountResolver;
  /** Reports per address per hour (default 10). */
  reportsPerHour?: number;
  now: () => number;
  /** The client's address (behind the proxy: from X-Forwarded-For, server/http/address.ts). */
  addressOf: RequestAddress;
}

type PublishingRoute = 'gallery' | 'publishCreate' | 'myScenarios' | 'publishedGet' | 'publishUpdate' | 'publishDelete' | 'publishVisibility' | 'publishHide' | 'publishReport' | 'publishReports' | 'publishVersions';
type PublishingHandlers = { [K in PublishingRoute]: (ctx: Ctx<K>) => Promise<ApiResponse<K>> };

const REFUSAL_TEXT: Record<Refusal, string> = {
  unauthenticated: 'sign in as a teacher to do this',
  'not-found': 'there is no such scenario',
  forbidden: 'this scenario belongs to another teacher',
};

function refuseWith(r: Refusal, slug: string): never {
  const code = r === 'not-found' ? 'unknown-scenario' : r;
  throw new HttpError(code, r === 'not-found' ? `there is no scenario "${slug}"` : REFUSAL_TEXT[r]);
}

export function createPublishingHandlers(repos: Repositories, options: PublishingOptions): PublishingHandlers {
  const accounts = options.accounts ?? NO_ACCOUNTS;
  const reportBudget = windowBudget(options.reportsPerHour ?? 10, HOUR_MS, options.now);
  const who = (req: IncomingMessage) => accounts.current(req);
  const signedIn = async (req: IncomingMessage): Promise<Account> => {
    const a = await who(req);
    if (!a) refuseWith('unauthenticated', '');
    return a;
  };

  function wire(s: ScenarioRecord, caller: Account | null): Published {
    const seesHidden = isOwner(s, caller) || caller?.role === 'admin';
    return {
      slug: s.slug, title: s.title, summary: s.json.summary ?? '', visibility: s.visibility as PublishState, version: s.version,
      cpus: s.json.cpus, duration: s.json.duration, mine: isOwner(s, caller), hostable: canHost(s, caller),
      hidden: s.hiddenAt && seesHidden ? { reason: s.hiddenReason ?? '', at: s.hiddenAt.toISOString() } : null,
      createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
    };
  }

  /** The engine's verdict on a file: every error at once, in the answer the editor shows. */
  function docOf(json: unknown, slug?: string): ScenarioDoc {
    const r = toScenarioDoc(json);
    if (!r.ok) {
      const err = new HttpError('invalid-scenario', `the scenario has ${r.errors.length} error${r.errors.length === 1 ? '' : 's'}`);
      err.detail = { scenarioErrors: r.errors.map((e) => ({ path: e.path, message: e.message })) };
      throw err;
    }
    if (slug !== undefined && r.doc.slug !== slug) {
      const err = new HttpError('invalid-scenario', `the slug of a published scenario cannot change (it is "${slug}")`);
      err.detail = { scenarioErrors: [{ path: 'slug', message: `must stay "${slug}": publish a new scenario for another slug` }] };
      throw err;
    }
    return r.doc;
  }

  async function published(slug: string): Promise<ScenarioRecord | null> {
    const s = await repos.scenarios.getBySlug(slug);
    return s && isPublished(s) ? s : null;
  }
  /** The scenario as the caller may see it, else 404 (whether it exists or not). */
  async function visible(slug: string, caller: Account | null): Promise<ScenarioRecord> {
    const s = await published(slug);
    if (!s || !canOpen(s, caller)) refuseWith('not-found', slug);
    return s;
  }
  async function owned(slug: string, req: IncomingMessage): Promise<{ s: ScenarioRecord; caller: Account }> {
    const caller = await who(req);
    const s = caller ? await published(slug) : null;
    const refusal = ownerRefusal(s, caller);
    if (refusal) refuseWith(refusal, slug);
    return { s: s!, caller: caller! };
  }
  const gone = (slug: string): never => refuseWith('not-found', slug);
  /** An admin's view of any published scenario (hidden ones included); others are refused as they see it. */
  async function adminOnly(req: IncomingMessage, slug: string, known?: Account | null): Promise<ScenarioRecord> {
    const caller = known === undefined ? await who(req) : known;
    const s = caller ? await published(slug) : null;
    const refusal = adminRefusal(s, caller);
    if (refusal) refuseWith(refusal, slug);
    return s!;
  }

  return {
    async gallery({ req, query }) {
      const caller = await who(req);
      if (query.hidden && caller?.role !== 'admin') refuseWith(caller ? 'forbidden' : 'unauthenticated', '');
      const page = await repos.authored.gallery({ q: query.q, offset: query.offset, limit: query.limit, hidden: query.hidden === '1' });
      return { items: page.items.map((s) => wire(s, caller)), total: page.total, offset: query.offset, limit: query.limit };
    },
    async publishCreate({ req, body }) {
      const caller = await signedIn(req);
      const doc = docOf(body.json);
      try {
        return { scenario: wire(await repos.authored.create(doc, { ownerAccountId: caller.id, visibility: body.visibility }), caller) };
      } catch (e) {
        if (e instanceof ScenarioConflictError) throw new HttpError('slug-taken', `${e.message}: give the scenario another slug`);
        throw e;
      }
    },
    async myScenarios({ req }) {
      const caller = await signedIn(req);
      return { scenarios: (await repos.authored.listByOwner(caller.id)).map((s) => wire(s, caller)) };
    },
    async publishedGet({ req, params }) {
      const caller = await who(req);
      const s = await visible(params.slug, caller);
      return { scenario: { ...wire(s, caller), json: s.json } };
    },
    async publishUpdate({ req, params, body }) {
      const { s, caller } = await owned(params.slug, req);
      const next = await repos.authored.update(s.id, docOf(body.json, s.slug));
      return { scenario: wire(next ?? gone(params.slug), caller) };
    },
    async publishDelete({ req, params }) {
      const { s } = await owned(params.slug, req);
      const outcome = await repos.authored.remove(s.id, new Date(options.now()));
      return { outcome: outcome ?? gone(params.slug) };
    },
    async publishVisibility({ req, params, body }) {
      const { s, caller } = await owned(params.slug, req);
      return { scenario: wire((await repos.authored.setVisibility(s.id, body.visibility)) ?? gone(params.slug), caller) };
    },
    async publishReports({ req, params }) {
      const s = await adminOnly(req, params.slug);
      return { reports: (await repos.authored.reports(s.id)).map((r) => ({ version: r.version, reason: r.reason, createdAt: r.createdAt.toISOString() })) };
    },
    async publishHide({ req, params, body }) {
      const caller = await who(req);
      const s = await adminOnly(req, params.slug, caller);
      const hidden = body.hidden ? { reason: body.reason ?? '', at: new Date(options.now()) } : null;
      return { scenario: wire((await repos.authored.setHidden(s.id, hidden)) ?? gone(params.slug), caller) };
    },
    async publishReport({ req, params, body }) {
      const s = await visible(params.slug, await who(req));
      const waitMs = reportBudget(options.addressOf(req));
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new HttpError('rate-limited', `too many reports from this address; try again in ${seconds} s`, seconds);
      }
      await repos.authored.report({ scenarioId: s.id, version: s.version, reason: body.reason, at: new Date(options.now()) });
      return { reported: true as const };
    },
    async publishVersions({ req, params }) {
      const s = await visible(params.slug, await who(req));
      return { versions: (await repos.authored.versions(s.id)).map((v) => ({ version: v.version, createdAt: v.createdAt.toISOString(), current: v.version === s.version })) };
    },
  };
}
