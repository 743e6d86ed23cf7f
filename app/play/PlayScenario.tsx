'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { dailyScenario, generateScenario, isCalendarDate, parseScenario, type Scenario } from '../../server/engine';
import { LessonIntro } from '../components/LessonIntro';
import { SoloLevel } from '../components/SoloLevel';
import { campaignLevels, levelBySlug } from '../lib/campaign';
import { fetchScenarioJson, fetchScenarioList, type ScenarioChoice } from '../lib/api';

/** gen-<cpus>x<tasks>-<seed>, optionally -<ticks> (default 600): gen-16x64-1-1000. */
const GEN = /^gen-(\d{1,2})x(\d{1,3})-(\d{1,9})(?:-(\d{2,5}))?$/;

/** A scenario the browser can build by itself: a campaign level, a daily, or a generated set ("gen-16x64-1"). */
function localScenario(slug: string): Scenario | null {
  const level = levelBySlug(slug);
  if (level) return level.scenario;
  if (slug.startsWith('daily-') && isCalendarDate(slug.slice(6))) return dailyScenario(slug.slice(6));
  const g = GEN.exec(slug);
  if (g) {
    const cpus = Math.min(64, Math.max(1, Number(g[1])));
    const tasks = Math.min(256, Math.max(1, Number(g[2])));
    const duration = Math.min(20_000, Math.max(10, Number(g[4] ?? 600)));
    return generateScenario({ seed: Number(g[3]), cpus, tasks, duration, slug, title: `Generated: ${cpus} CPUs, ${tasks} tasks (seed ${g[3]}${g[4] ? `, ${duration} ticks` : ''})` });
  }
  return null;
}

type Load = { state: 'loading' } | { state: 'ok'; scenario: Scenario } | { state: 'error'; message: string };

/** /play?scenario=<slug>: any scenario, solo, in the browser. Without a slug: the list. */
export function PlayScenario() {
  const params = useSearchParams();
  const slug = params.get('scenario');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!slug) return;
    const local = localScenario(slug);
    if (local) { setLoad({ state: 'ok', scenario: local }); return; }
    let live = true;
    setLoad({ state: 'loading' });
    void fetchScenarioJson(slug).then((r) => {
      if (!live) return;
      if (!r.ok) {
        setLoad({ state: 'error', message: r.kind === 'refused' && r.code === 'unknown-scenario' ? `There is no scenario “${slug}”.` : r.message });
        return;
      }
      const sc = parseScenario(r.value);
      setLoad(sc.ok ? { state: 'ok', scenario: sc.value } : { state: 'error', message: `The scenario is invalid: ${sc.errors[0]?.path}: ${sc.errors[0]?.message}` });
    });
    return () => { live = false; };
  }, [slug, attempt]);

  if (!slug) return <ScenarioList />;
  if (load.state === 'loading') return <p role="status" className="text-muted">Loading scenario {slug}…</p>;
  if (load.state === 'error') {
    return (
      <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm">
        {load.message} <button type="button" className="underline" onClick={() => setAttempt((a) => a + 1)}>Retry</button>{' '}
        <Link className="underline" href="/play">All scenarios</Link>
      </p>
    );
  }
  return <SoloLevel key={load.scenario.slug} scenario={load.scenario} orders intro={<LessonIntro scenario={load.scenario} />} />;
}

function ScenarioList() {
  const [server, setServer] = useState<ScenarioChoice[] | null | 'loading'>('loading');
  useEffect(() => { void fetchScenarioList().then(setServer); }, []);
  const builtin = campaignLevels();
  const extra = server !== 'loading' && server ? server.filter((s) => !builtin.some((b) => b.slug === s.slug)) : [];
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Play any scenario</h1>
      <ul className="grid gap-2 sm:grid-cols-2">
        {builtin.map((l) => (
          <li key={l.slug}><Link className="block rounded-lg border border-line bg-panel p-3 hover:border-oi-sky" href={`/play?scenario=${l.slug}`}>{l.scenario.title}</Link></li>
        ))}
        <li><Link className="block rounded-lg border border-line bg-panel p-3 hover:border-oi-sky" href="/play?scenario=gen-16x64-1">Stress test: 16 CPUs, 64 tasks (generated)</Link></li>
        {extra.map((s) => (
          <li key={s.slug}><Link className="block rounded-lg border border-line bg-panel p-3 hover:border-oi-sky" href={`/play?scenario=${encodeURIComponent(s.slug)}`}>{s.title}</Link></li>
        ))}
      </ul>
      {server === 'loading' && <p role="status" className="text-sm text-muted">Asking the server for more scenarios…</p>}
      {server === null && <p className="text-sm text-muted">The server&apos;s scenarios are unavailable right now; the built-in ones work offline.</p>}
    </div>
  );
}
