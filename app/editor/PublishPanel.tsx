'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { PUBLISH_VISIBILITIES, type PublishVisibility } from '../../server/protocol';
import { fetchAccount, fetchMine, publishNew, publishVersion, setVisibility, VISIBILITY_LABEL, type SignedInAccount } from '../lib/publishing';

const BTN = 'rounded border border-line px-3 py-1 text-sm hover:border-oi-sky disabled:opacity-50';

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string; slug: string } | { kind: 'error'; message: string; errors: { path: string; message: string }[] };

/**
 * Save and publish the draft (README "Publishing scenarios"): a signed-in teacher publishes it
 * under its slug with a visibility; publishing it again is a new version (rooms, runs and boards
 * keep the version they were played on). Signed out: a link to sign in.
 */
export function PublishPanel({ json, slug, valid }: { json: unknown; slug: string; valid: boolean }) {
  const [account, setAccount] = useState<SignedInAccount | null | undefined>(undefined);
  const [mine, setMine] = useState<Map<string, { version: number; visibility: PublishVisibility }>>(new Map());
  const [visibility, setVis] = useState<PublishVisibility>('private');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    let live = true;
    void fetchAccount().then(async (a) => {
      if (!live) return;
      setAccount(a);
      if (!a) return;
      const list = await fetchMine();
      if (live && list.ok) setMine(new Map(list.value.scenarios.map((s) => [s.slug, { version: s.version, visibility: s.visibility }])));
    });
    return () => { live = false; };
  }, []);

  const published = mine.get(slug);
  useEffect(() => { if (published) setVis(published.visibility); }, [published]);

  if (account === undefined) return null;
  if (account === null) {
    return (
      <section aria-labelledby="publish-title" className="rounded border border-line p-3 text-sm">
        <h2 id="publish-title" className="font-semibold">Publish</h2>
        <p className="text-muted"><Link prefetch={false} className="text-oi-sky underline" href="/signin?next=/editor">Sign in to publish</Link> this level for your classes (students never need an account).</p>
      </section>
    );
  }

  async function publish() {
    setStatus({ kind: 'busy' });
    const r = published ? await publishVersion(slug, json) : await publishNew(json, visibility);
    if (!r.ok) {
      setStatus({ kind: 'error', message: r.message, errors: r.kind === 'refused' ? r.scenarioErrors ?? [] : [] });
      return;
    }
    let s = r.value.scenario;
    if (published && s.visibility !== visibility) {
      const v = await setVisibility(slug, visibility);
      if (v.ok) s = v.value.scenario;
    }
    setMine(new Map(mine).set(s.slug, { version: s.version, visibility: s.visibility }));
    setStatus({ kind: 'done', slug: s.slug, message: published ? `Saved as version ${s.version}.` : 'Published as version 1.' });
  }

  return (
    <section aria-labelledby="publish-title" className="flex flex-col gap-2 rounded border border-line p-3 text-sm">
      <h2 id="publish-title" className="font-semibold">Publish <span className="font-normal text-muted">as {account.name}</span></h2>
      <p className="text-muted">
        {published
          ? `“${slug}” is published (version ${published.version}). Saving makes a new version; rooms and leaderboards keep the version they were played on.`
          : `Publish “${slug || '(no slug yet)'}” under your account.`}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs text-muted">Who can see it
          <select aria-label="Visibility" className="rounded border border-line bg-ink px-2 py-1 text-sm text-fg" value={visibility} onChange={(e) => setVis(e.target.value as PublishVisibility)}>
            {PUBLISH_VISIBILITIES.map((v) => <option key={v} value={v}>{VISIBILITY_LABEL[v]}</option>)}
          </select>
        </label>
        <button type="button" className={BTN} disabled={!valid || status.kind === 'busy'} onClick={() => { void publish(); }} title={valid ? undefined : 'Fix the errors first'}>
          {published ? 'Save new version' : 'Publish'}
        </button>
        <Link className="text-oi-sky underline" href="/my/scenarios">My scenarios</Link>
      </div>
      {status.kind === 'done' && (
        <p role="status" data-testid="publish-status">
          {status.message}{' '}
          <Link className="text-oi-sky underline" href={`/play?scenario=${status.slug}`}>Play it</Link>{' · '}
          <Link className="text-oi-sky underline" href={`/host?published=${status.slug}`}>Host a room on it</Link>
        </p>
      )}
      {status.kind === 'error' && (
        <div role="alert" className="rounded border border-oi-vermillion/60 bg-oi-vermillion/10 px-3 py-2">
          <p>{status.message}</p>
          {status.errors.length > 0 && <ul className="list-disc pl-5">{status.errors.map((e, i) => <li key={i}><code>{e.path}</code>: {e.message}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
