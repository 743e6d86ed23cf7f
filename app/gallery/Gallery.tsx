'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import type { Published } from '../../server/protocol';
import { fetchAccount, fetchGallery, fetchReports, hidePublished, reportPublished, type SignedInAccount } from '../lib/publishing';

const BTN = 'rounded border border-line px-2 py-1 text-sm hover:border-oi-sky disabled:opacity-50';
const PAGE = 20;

/** The gallery: search, page, play, host, report; admins hide and unhide. */
export function Gallery() {
  const [q, setQ] = useState('');
  const [asked, setAsked] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: Published[]; total: number } | null>(null);
  const [hidden, setHidden] = useState<Published[]>([]);
  const [account, setAccount] = useState<SignedInAccount | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const admin = account?.role === 'admin';

  const load = useCallback(async () => {
    const r = await fetchGallery(asked, offset, { limit: PAGE });
    if (r.ok) setPage(r.value);
    else setMessage(r.message);
  }, [asked, offset]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => { void fetchAccount().then(setAccount); }, []);
  const loadHidden = useCallback(async () => {
    if (!admin) return;
    const r = await fetchGallery('', 0, { hidden: true, limit: 50 });
    if (r.ok) setHidden(r.value.items);
  }, [admin]);
  useEffect(() => { void loadHidden(); }, [loadHidden]);

  async function hide(slug: string, on: boolean) {
    const reason = on ? window.prompt(`Why hide “${slug}”? (its owner sees this)`)?.trim() : undefined;
    if (on && !reason) return;
    const r = await hidePublished(slug, on, reason);
    setMessage(r.ok ? (on ? `Hid “${slug}”.` : `“${slug}” is back in the gallery.`) : r.message);
    await Promise.all([load(), loadHidden()]);
  }

  return (
    <div className="flex flex-col gap-3">
      <form role="search" className="flex gap-2" onSubmit={(e) => { e.preventDefault(); setOffset(0); setAsked(q.trim()); }}>
        <label htmlFor="gallery-q" className="sr-only">Search by title or summary</label>
        <input id="gallery-q" type="search" placeholder="Search by title or summary" value={q} onChange={(e) => setQ(e.target.value)} className="w-full max-w-md rounded border border-line bg-ink px-2 py-1" />
        <button type="submit" className={BTN}>Search</button>
      </form>
      {message && <p role="status" className="text-sm">{message}</p>}
      {page === null ? <p role="status" className="text-muted">Loading…</p> : (
        <>
          <p className="text-sm text-muted">{page.total === 0 ? (asked ? `Nothing matches “${asked}”.` : 'Nothing published yet.') : `${page.total} scenario${page.total === 1 ? '' : 's'}`}</p>
          <ul className="flex flex-col gap-3">
            {page.items.map((s) => <Item key={s.slug} s={s} admin={admin} onHide={hide} onMessage={setMessage} />)}
          </ul>
          {page.total > PAGE && (
            <nav aria-label="Pages" className="flex gap-2">
              <button type="button" className={BTN} disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
              <button type="button" className={BTN} disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>Next</button>
            </nav>
          )}
        </>
      )}
      {admin && hidden.length > 0 && (
        <section aria-labelledby="hidden-title" className="mt-4">
          <h2 id="hidden-title" className="text-xl font-semibold">Hidden by admins</h2>
          <ul className="flex flex-col gap-2">
            {hidden.map((s) => (
              <li key={s.slug} className="flex flex-wrap items-center gap-2 text-sm">
                <span>{s.title}</span><span className="text-muted">({s.hidden?.reason})</span>
                <button type="button" className={BTN} onClick={() => { void hide(s.slug, false); }}>Unhide</button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Item({ s, admin, onHide, onMessage }: { s: Published; admin: boolean; onHide: (slug: string, on: boolean) => Promise<void>; onMessage: (m: string) => void }) {
  const [reporting, setReporting] = useState(false);
  const [reason, setReason] = useState('');
  const [reports, setReports] = useState<{ version: number; reason: string; createdAt: string }[] | null>(null);
  async function showReports() {
    const r = await fetchReports(s.slug);
    if (r.ok) setReports(r.value.reports);
    else onMessage(r.message);
  }
  async function report(e: React.FormEvent) {
    e.preventDefault();
    const r = await reportPublished(s.slug, reason);
    onMessage(r.ok ? `Thank you: “${s.title}” was reported to the admins.` : r.message);
    if (r.ok) { setReporting(false); setReason(''); }
  }
  return (
    <li data-testid={`gallery-${s.slug}`} className="rounded border border-line p-3">
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-semibold">{s.title}</span>
        <span className="text-xs text-muted">{s.cpus} CPUs · {s.duration} ticks · version {s.version}</span>
      </div>
      {s.summary && <p className="text-sm text-muted">{s.summary}</p>}
      <div className="mt-2 flex flex-wrap gap-2">
        <Link className={BTN} href={`/play?scenario=${s.slug}`}>Play</Link>
        <Link className={BTN} href={`/host?published=${s.slug}`}>Host</Link>
        <Link className={BTN} href={`/leaderboard/scenario/${s.slug}?version=${s.version}`}>Leaderboard</Link>
        <button type="button" className={BTN} aria-expanded={reporting} onClick={() => setReporting(!reporting)}>Report</button>
        {admin && <button type="button" className={BTN} onClick={() => { void onHide(s.slug, true); }}>Hide</button>}
        {admin && <button type="button" className={BTN} onClick={() => { void showReports(); }}>Reports</button>}
      </div>
      {reports && (
        <ul aria-label={`Reports on ${s.title}`} className="mt-2 list-disc pl-5 text-sm">
          {reports.length === 0 && <li>No reports.</li>}
          {reports.map((r, i) => <li key={i}>{new Date(r.createdAt).toLocaleString()} (version {r.version}): {r.reason}</li>)}
        </ul>
      )}
      {reporting && (
        <form className="mt-2 flex flex-wrap gap-2" onSubmit={(e) => { void report(e); }}>
          <label htmlFor={`reason-${s.slug}`} className="sr-only">What is wrong with it?</label>
          <input id={`reason-${s.slug}`} required minLength={3} maxLength={1000} placeholder="What is wrong with it?" value={reason} onChange={(e) => setReason(e.target.value)} className="w-full max-w-md rounded border border-line bg-ink px-2 py-1 text-sm" />
          <button type="submit" className={BTN}>Send report</button>
        </form>
      )}
    </li>
  );
}
