/**
 * The rooms' port for published scenarios (server/rooms/ports.ts PublishedScenarios) over the
 * repositories: the current version's file, when the host may start a room on it
 * (authored-access.ts canHost: `link` and `public` by anyone, `rooms` and `private` by the owner;
 * a hidden one by its owner only, a deleted one by nobody).
 */
import type { PublishedScenarios } from '../rooms/ports';
import { canHost, isPublished } from './authored-access';
import type { Repositories } from './types';

export function createPublishedCatalog(repos: Pick<Repositories, 'scenarios'>): PublishedScenarios {
  return {
    async forHost(slug, accountId) {
      const s = await repos.scenarios.getBySlug(slug);
      if (!s || !isPublished(s) || !canHost(s, accountId ? { id: accountId } : null)) return { ok: false };
      return { ok: true, scenario: s.json };
    },
  };
}
