import { normalizeBotName, parseActionLog, parseScenario } from '../../server/engine';
import { replayDocSchema } from './api';
import type { ReplayInput } from './replay';

/** A replay ready for the viewer, with what the page shows around it. */
export type LoadedReplay = { input: ReplayInput; claimedScore?: number; title: string; note?: string };

/** Turns a replay document (from the server or pasted) into the viewer's input, or an error in words. */
export function replayFromDoc(doc: unknown): { ok: true; value: LoadedReplay } | { ok: false; error: string } {
  const d = replayDocSchema.safeParse(doc);
  if (!d.success) return { ok: false, error: `Not a replay: ${d.error.issues[0]?.path.join('.') || 'document'}: ${d.error.issues[0]?.message ?? 'invalid'}` };
  const sc = parseScenario(d.data.scenario);
  if (!sc.ok) return { ok: false, error: `The replay's scenario is invalid: ${sc.errors[0]?.path}: ${sc.errors[0]?.message}` };
  const actions = parseActionLog(d.data.actions);
  if (!actions.ok) return { ok: false, error: 'The replay\'s action log is invalid.' };
  // Stored runs may name a bot by an old alias (global-ideal): replay it under its current name.
  const bot = d.data.bot ? normalizeBotName(d.data.bot) : undefined;
  return {
    ok: true,
    value: {
      input: { scenario: sc.value, seed: d.data.seed, actions: actions.value, ...(bot ? { bot } : {}) },
      ...(d.data.score !== undefined ? { claimedScore: d.data.score } : {}),
      title: `${d.data.nickname ? `${d.data.nickname} on ` : ''}${sc.value.title}`,
      ...(d.data.verified === false ? { note: 'This run was not verified by the server.' } : {}),
    },
  };
}

