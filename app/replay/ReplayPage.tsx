'use client';

import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ReplayViewer } from '../components/ReplayViewer';
import { fetchReplay } from '../lib/api';
import { replayFromDoc, type LoadedReplay as Loaded } from '../lib/replayDoc';

export function ReplayPage() {
  const params = useSearchParams();
  const runId = params.get('run');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [text, setText] = useState('');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!runId) return;
    let live = true;
    setLoading(true);
    setError(null);
    void fetchReplay(runId).then((r) => {
      if (!live) return;
      setLoading(false);
      if (!r.ok) {
        setError(r.kind === 'refused' && r.code === 'unknown-run' ? `There is no run “${runId}”.` : r.message);
        return;
      }
      const v = replayFromDoc(r.value);
      if (v.ok) setLoaded(v.value);
      else setError(v.error);
    });
    return () => { live = false; };
  }, [runId, attempt]);

  const loadText = (raw: string) => {
    try {
      const v = replayFromDoc(JSON.parse(raw));
      if (v.ok) { setLoaded(v.value); setError(null); } else setError(v.error);
    } catch {
      setError('That is not valid JSON.');
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold">Replay</h1>
      {loading && <p role="status" className="text-muted">Loading run {runId}…</p>}
      {error && (
        <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm" data-testid="replay-error">
          {error} {runId && <button type="button" className="underline" onClick={() => setAttempt((a) => a + 1)}>Retry</button>}
        </p>
      )}
      {loaded && (
        <>
          {loaded.note && <p className="text-sm text-oi-orange">{loaded.note}</p>}
          <ReplayViewer input={loaded.input} {...(loaded.claimedScore !== undefined ? { claimedScore: loaded.claimedScore } : {})} title={loaded.title} />
        </>
      )}
      {!runId && (
        <section aria-labelledby="paste-title" className="rounded-xl border border-line bg-panel p-4">
          <h2 id="paste-title" className="font-semibold">Open a replay file</h2>
          <p className="mt-1 text-sm text-muted">A replay is {'{ scenario, seed, actions, bot? }'}: upload a .json file or paste it below. Leaderboard entries open here directly.</p>
          <div className="mt-3 flex flex-col gap-2">
            <label className="text-sm">
              File{' '}
              <input type="file" accept="application/json,.json" className="text-sm" data-testid="replay-file"
                onChange={(e) => { const f = e.target.files?.[0]; if (f) void f.text().then(loadText); }} />
            </label>
            <label className="flex flex-col gap-1 text-sm">
              Or paste JSON
              <textarea value={text} onChange={(e) => setText(e.target.value)} rows={5} className="rounded border border-line bg-ink p-2 font-mono text-xs" data-testid="replay-json" />
            </label>
            <button type="button" className="self-start rounded-md bg-oi-sky px-4 py-2 text-sm font-semibold text-black" onClick={() => loadText(text)} data-testid="replay-load">
              Show replay
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
