import { z } from 'zod';
import { API_ROUTES } from '../../server/protocol';
import { requestJson } from '../lib/api';
import { readStored, writeStored } from '../lib/storage';

/**
 * The arena's calls (contract: server/protocol/arena.ts), every answer parsed; a refusal keeps
 * the server's code, words and, for refused code, the sandbox's kind.
 */
export type ArenaResult<T> = { ok: true; value: T } | { ok: false; message: string; code: string | null; kind?: string };

async function call<T>(url: string, schema: z.ZodType<T>, init?: RequestInit): Promise<ArenaResult<T>> {
  const r = await requestJson(url, schema, init);
  if (r.ok) return r;
  if (r.kind !== 'refused') return { ok: false, code: null, message: r.message };
  return { ok: false, code: r.code, message: r.message, ...(r.policy ? { kind: r.policy.kind } : {}) };
}

export type ArenaBoard = z.infer<typeof API_ROUTES.arenaBoard.response>;
export type ArenaEntryPage = z.infer<typeof API_ROUTES.arenaEntry.response>;
export type ArenaReplayDoc = z.infer<typeof API_ROUTES.arenaReplay.response>;

export const fetchArenaBoard = () => call('/api/arena', API_ROUTES.arenaBoard.response);
export const fetchArenaEntry = (id: string) => call(`/api/arena/submissions/${encodeURIComponent(id)}`, API_ROUTES.arenaEntry.response);
export const fetchArenaReplay = (id: string, set: number) => call(`/api/arena/submissions/${encodeURIComponent(id)}/sets/${set}/replay`, API_ROUTES.arenaReplay.response);
export const submitArena = (body: { name: string; description: string; code: string }) =>
  call('/api/arena/submissions', API_ROUTES.arenaSubmit.response, { method: 'POST', body: JSON.stringify(body) });

/** The entries this browser submitted (ids), newest first: the board shows their status. */
const MINE_KEY = 'mdb.arena.mine.v1';
const mineSchema = z.array(z.string()).max(50);
export const myArenaEntries = (): string[] => readStored(MINE_KEY, mineSchema) ?? [];
export function rememberArenaEntry(id: string): void {
  writeStored(MINE_KEY, [id, ...myArenaEntries().filter((x) => x !== id)].slice(0, 50));
}
