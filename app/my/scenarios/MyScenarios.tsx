'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { PUBLISH_VISIBILITIES, type Published, type PublishVisibility } from '../../../server/protocol';
import { deletePublished, fetchAccount, fetchMine, fetchVersions, setVisibility, VISIBILITY_LABEL } from '../../lib/publishing';

const BTN = 'rounded border border-line px-2 py-1 text-sm hover:border-oi-sky disabled:opacity-50';

/** A signed-in teacher's published scenarios: visibility, versions, play, host, delete. */
export function MyScenarios() {
  const [list, setList] = useState<Published[] | null | 'signed-out'>(null);
  const [message, setMessage] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const a = await fetchAccount();
    if (!a) { setList('signed-out'); return; }
    const r = await fetchMine();
    if (r.ok) setList(r.value.scenarios);
    else setMessage(r.message);
  }, []);
  useEffect(() => { void reload(); }, [reload]);

  if (list === null) return <p role="status" className="text-muted">Loading…</p>;
  if (list === 'signed-out') return <p><Link prefetch={false} className="text-oi-sky underline" href="/signin?next=/my/scenarios">Sign in</Link> to see the scenarios you published.</p>;

  async function change(slug: string, v: PublishVisibility) {
    const r = await setVisibility(slug, v);
    setMessage(r.ok ? `“${slug}” is now: ${VISIBILITY_LABEL[v]}.` : r.message);
    await reload();
  }
  async function remove(slug: string) {
    if (!window.confirm(`Delete “${slug}”? Runs already played on it keep their replays.`)) return;
    const r = await deletePublished(slug);
    setMessage(r.ok ? (r.value.outcome === 'kept' ? `Deleted “${slug}” (kept only for the replays of its runs).` : `Deleted “${slug}”.`) : r.message);
    await reload();
  }

  return (
    <div className="flex flex-col gap-3">
      {message && <p role="status" className="text-sm">{message}</p>}
      {list.length === 0 && <p className="text-muted">Nothing published yet. Build a level in the <Link className="text-oi-sky underline" href="/editor">editor</Link> and publish it.</p>}
      <ul className="flex flex-col gap-3">
        {list.map((s) => (
          <li key={s.slug} data-testid={`mine-${s.slug}`} className="rounded border border-line p-3">
            <div className="flex flex-wrap items-baseline gap-2">
              <span className="font-semibold">{s.title}</span>
              <code className="text-xs text-muted">{s.slug}</code>
              <span className="text-xs text-muted">version {s.version} · {s.cpus} CPUs · {s.duration} ticks</span>
              {s.hidden && <span role="note" className="text-xs text-oi-orange">Hidden by an admin: {s.hidden.reason}</span>}
            </div>
            {s.summary && <p className="text-sm text-muted">{s.summary}</p>}
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <select aria-label={`Visibility of ${s.slug}`} className="rounded border border-line bg-ink px-2 py-1 text-sm" value={s.visibility} onChange={(e) => { void change(s.slug, e.target.value as PublishVisibility); }}>
                {PUBLISH_VISIBILITIES.map((v) => <option key={v} value={v}>{VISIBILITY_LABEL[v]}</option>)}
              </select>
              <Link className={BTN} href={`/play?scenario=${s.slug}`}>Play</Link>
              <Link className={BTN} href={`/host?published=${s.slug}`}>Host</Link>
              <Link className={BTN} href={`/leaderboard/scenario/${s.slug}?version=${s.version}`}>Leaderboard</Link>
              <button type="button" className={BTN} onClick={() => { void remove(s.slug); }}>Delete</button>
            </div>
            <Versions slug={s.slug} current={s.version} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function Versions({ slug, current }: { slug: string; current: number }) {
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<{ version: number; createdAt: string; current: boolean }[] | null>(null);
  useEffect(() => {
    if (!open) return;
    void fetchVersions(slug).then((r) => setRows(r.ok ? r.value.versions : []));
  }, [open, slug, current]);
  return (
    <details className="mt-2 text-sm" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary className="cursor-pointer text-muted">Versions</summary>
      {rows && (
        <ol className="mt-1 flex flex-col gap-0.5">
          {rows.map((v) => (
            <li key={v.version}>
              Version {v.version}{v.current ? ' (current)' : ''}, {new Date(v.createdAt).toLocaleString()}
              {' · '}<Link className="text-oi-sky underline" href={`/leaderboard/scenario/${slug}?version=${v.version}`}>leaderboard</Link>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
