'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { parseScenario, type Scenario } from '../../../server/engine';
import { LessonIntro } from '../../components/LessonIntro';
import { SoloLevel } from '../../components/SoloLevel';
import { readDraft } from '../../lib/editorDraft';
import { formToJson } from '../../lib/editorForm';

type Load = { state: 'loading' } | { state: 'ok'; scenario: Scenario } | { state: 'none' } | { state: 'invalid'; count: number };

/**
 * The editor's draft, played solo in the browser (/play takes a slug the server or the
 * campaign knows; a draft is known only to this browser). Runs are not submitted: an
 * unpublished level has no leaderboard.
 */
export function PlayDraft() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  useEffect(() => {
    const draft = readDraft();
    if (!draft) { setLoad({ state: 'none' }); return; }
    const r = parseScenario(formToJson(draft));
    setLoad(r.ok ? { state: 'ok', scenario: r.value } : { state: 'invalid', count: r.errors.length });
  }, []);
  if (load.state === 'loading') return <p role="status" className="text-muted">Loading your draft…</p>;
  if (load.state !== 'ok') {
    return (
      <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm">
        {load.state === 'none' ? 'There is no draft in this browser yet.' : `Your draft has ${load.count} error${load.count === 1 ? '' : 's'} to fix first.`}{' '}
        <Link className="underline" href="/editor">Back to the editor</Link>
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm"><Link className="underline" href="/editor">← Back to the editor</Link> · Playing your draft: runs are not submitted.</p>
      <SoloLevel scenario={load.scenario} submit={false} orders intro={<LessonIntro scenario={load.scenario} />} />
    </div>
  );
}
