/** Turning a scenario file into what storage keeps: validated, canonical, hashed. */
import { createHash } from 'node:crypto';
import { parseScenario, scenarioToJson, type Action, type ScenarioError, type ScenarioInput } from '../engine';
import { BUILTIN_SCENARIOS } from '../engine/levels';
import type { ScenarioDoc } from './types';

/** JSON with object keys sorted, so equal content always hashes the same. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type DocResult = { ok: true; doc: ScenarioDoc } | { ok: false; errors: ScenarioError[] };

/** Validates a scenario file (format 1) and returns its canonical stored form. */
export function toScenarioDoc(input: unknown): DocResult {
  const parsed = parseScenario(input);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const json = JSON.parse(canonicalJson(scenarioToJson(parsed.value))) as ScenarioInput;
  return { ok: true, doc: { slug: parsed.value.slug, title: parsed.value.title, json, hash: sha256(canonicalJson(json)) } };
}

export function toScenarioDocOrThrow(input: unknown): ScenarioDoc {
  const r = toScenarioDoc(input);
  if (!r.ok) throw new Error(`invalid scenario: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.doc;
}

/** Slug of a changed copy of a known scenario (see ScenarioRepo.resolve). */
export function variantSlug(slug: string, hash: string): string {
  return `${slug}~${hash.slice(0, 8)}`;
}

/**
 * Slugs nobody may store a scenario under but their owner: the built-in levels (even before a
 * database has them) and every `daily-...` slug (the daily challenge's, created only by
 * ensureDaily). Authored scenarios may not take them; a room's own file never takes any slug
 * (ScenarioRepo.resolve stores it content-addressed, under `slug~hash8`).
 */
const BUILTIN_SLUGS: ReadonlySet<string> = new Set(BUILTIN_SCENARIOS.map((s) => s.slug));
export function isReservedSlug(slug: string): boolean {
  return BUILTIN_SLUGS.has(slug) || slug.startsWith('daily-');
}

/**
 * What makes two runs the same run: scenario version, seed, balancer and action log. A log
 * counts on the scenario's boards once, for its first submitter (RunRepo.saveRun).
 */
export function runContentKey(run: { scenarioId: string; scenarioVersion: number; seed: number; bot: string; actions: readonly Action[] }): string {
  return sha256(canonicalJson([run.scenarioId, run.scenarioVersion, run.seed, run.bot, run.actions]));
}

/** What the gallery searches: a published scenario's title and summary, lower-cased. */
export function searchTextOf(doc: { title: string; json: { summary?: string } }): string {
  return `${doc.title}\n${doc.json.summary ?? ''}`.toLowerCase();
}
