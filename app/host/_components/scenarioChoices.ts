'use client';
/**
 * The scenarios a host can play: the built-in levels, today's daily challenge and the
 * published scenarios (from the API; without it the built-ins still work). Shared by
 * the room creation form and the "another round" form.
 */
import { useEffect, useState } from 'react';
import { BUILTIN_SCENARIOS } from '@/server/engine/levels';
import type { ScenarioRef } from '@/server/protocol';
import { fetchScenarioJson, fetchScenarioList, type ScenarioChoice } from '@/app/lib/api';

export const BUILTIN_CHOICES: ScenarioChoice[] = BUILTIN_SCENARIOS.map((s) => ({ slug: s.slug, title: s.title, cpus: s.cpus, duration: s.duration }));
/** The server's room catalog knows the built-in levels and every day's daily challenge by slug. */
const BUILTIN_SLUGS = new Set(BUILTIN_CHOICES.map((c) => c.slug));
export const isCatalogSlug = (slug: string) => BUILTIN_SLUGS.has(slug) || /^daily-\d{4}-\d{2}-\d{2}$/.test(slug);

export function useScenarioChoices(): ScenarioChoice[] {
  const [choices, setChoices] = useState<ScenarioChoice[]>(BUILTIN_CHOICES);
  useEffect(() => {
    let alive = true;
    const today = new Date().toISOString().slice(0, 10);
    const daily: ScenarioChoice = { slug: `daily-${today}`, title: `Daily challenge, ${today}` };
    setChoices([...BUILTIN_CHOICES, daily]);
    void fetchScenarioList().then((list) => {
      if (!alive || !list) return;
      const seen = new Set([...BUILTIN_CHOICES.map((c) => c.slug), daily.slug]);
      setChoices([...BUILTIN_CHOICES, daily, ...list.filter((c) => !seen.has(c.slug) && !c.slug.startsWith('daily-'))]);
    });
    return () => {
      alive = false;
    };
  }, []);
  return choices;
}

/**
 * What to send the server for a chosen slug: the slug when its catalog knows it, else
 * the published file whole (the server validates it).
 */
export async function scenarioRefFor(slug: string): Promise<{ ok: true; ref: ScenarioRef } | { ok: false; message: string }> {
  if (isCatalogSlug(slug)) return { ok: true, ref: { slug } };
  const file = await fetchScenarioJson(slug);
  return file.ok ? { ok: true, ref: { json: file.value } } : { ok: false, message: file.message };
}
