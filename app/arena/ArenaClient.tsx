'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { fetchArenaBoard, myArenaEntries, rememberArenaEntry, submitArena, type ArenaBoard } from './arenaApi';

const EXAMPLE = `// A balancer: export balance(view, state) and/or selectCpu(view, task, state).
// README "Policy interface" and "Sandbox"; examples/policies/least-loaded.ts.
export const name = 'idle-puller';

/** Each idle CPU pulls one waiting, unpinned task it may run. */
export function balance(view, state) {
  const out = [];
  const taken = new Set();
  for (let c = 0; c < view.cpus.length; c++) {
    if (view.cpus[c].queue.length > 0) continue;
    for (const rq of view.cpus) {
      const t = rq.queue.find((t) => t !== rq.running && !view.tasks[t].pinned && !taken.has(t) && view.tasks[t].affinity.includes(c));
      if (t !== undefined) { taken.add(t); out.push({ task: t, cpu: c }); break; }
    }
  }
  return out;
}
`;

const STATUS_TEXT: Record<string, string> = {
  queued: 'Queued', evaluating: 'Evaluating', ranked: 'Ranked', faulted: 'Faulted', refused: 'Not evaluated',
};

export function ArenaClient() {
  const [board, setBoard] = useState<ArenaBoard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [code, setCode] = useState(EXAMPLE);
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    const r = await fetchArenaBoard();
    if (r.ok) {
      setBoard(r.value);
      setError(null);
    } else setError(r.message);
  }, []);

  useEffect(() => {
    setMine(myArenaEntries());
    void load();
  }, [load]);

  // While anything is waiting or being evaluated, the board refreshes itself.
  const busy = board?.entries.some((e) => e.status === 'queued' || e.status === 'evaluating') ?? false;
  useEffect(() => {
    if (!busy) return;
    const id = setInterval(() => void load(), 2000);
    return () => clearInterval(id);
  }, [busy, load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSending(true);
    setAnswer(null);
    const r = await submitArena({ name, description, code });
    setSending(false);
    if (!r.ok) {
      setAnswer({ ok: false, text: r.kind ? `Refused (${r.kind}): ${r.message}` : r.message });
      return;
    }
    rememberArenaEntry(r.value.entry.id);
    setMine(myArenaEntries());
    setAnswer({ ok: true, text: r.value.duplicate ? `This code was already submitted as “${r.value.entry.name}”.` : `Submitted “${r.value.entry.name}”: it is queued for evaluation.` });
    void load();
  };

  const mineEntries = board ? mine.map((id) => board.entries.find((e) => e.id === id)).filter((e) => e !== undefined) : [];
  const num = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en'));

  return (
    <div className="flex flex-col gap-6">
      {error && <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/10 px-3 py-2 text-sm">{error}</p>}
      {board && (
        <section aria-labelledby="suite-title" className="rounded-xl border border-line bg-panel p-4 text-sm" data-testid="arena-suite">
          <h2 id="suite-title" className="font-semibold">The hidden suite, version {board.suite.version}</h2>
          <p className="mt-1 text-muted">
            {board.suite.sets} generated task sets: {board.suite.cpus} CPUs, {board.suite.tasks} tasks, utilisation {board.suite.utilisation.join(', ')},
            {' '}migrate_disable share {board.suite.mdShares.join(', ')}, {board.suite.setsPerCell} sets per combination, {board.suite.duration.toLocaleString('en')} ticks each.
            {' '}Seeds: hidden. Limits: {Math.round(board.limits.maxCodeBytes / 1024)} KB of code, {board.limits.submissionsPerHour} submissions an hour per address,
            {' '}{board.limits.maxQueued} submissions waiting at most.
          </p>
        </section>
      )}

      {mineEntries.length > 0 && (
        <section aria-labelledby="mine-title" data-testid="arena-mine">
          <h2 id="mine-title" className="text-lg font-semibold">My submissions</h2>
          <ul className="mt-1 text-sm">
            {mineEntries.map((e) => (
              <li key={e.id}>
                <Link href={`/arena/${e.id}`} className="text-oi-sky underline-offset-4 hover:underline">{e.name}</Link>
                {' '}<span data-testid="arena-mine-status">{STATUS_TEXT[e.status]}</span>
                {e.status === 'evaluating' && ` (${e.setsDone} of ${e.sets} sets)`}
                {e.rank !== null && `, rank ${e.rank}`}
                {e.fault && `: ${e.fault.kind}`}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="board-title">
        <h2 id="board-title" className="text-lg font-semibold">Board</h2>
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-sm" data-testid="arena-board">
            <thead>
              <tr className="border-b border-line text-left text-muted">
                <th scope="col" className="py-1 pr-3">Rank</th>
                <th scope="col" className="py-1 pr-3">Balancer</th>
                <th scope="col" className="py-1 pr-3 text-right">Missed</th>
                <th scope="col" className="py-1 pr-3 text-right">Wasted CPU</th>
                <th scope="col" className="py-1 pr-3 text-right">Stranded CPU</th>
                <th scope="col" className="py-1 pr-3 text-right">Migrations</th>
                <th scope="col" className="py-1 pr-3">Status</th>
              </tr>
            </thead>
            <tbody>
              {board?.entries.map((e) => (
                <tr key={e.id} className="border-b border-line/50" data-testid="arena-row" data-entry={e.id}>
                  <td className="py-1 pr-3">{e.rank ?? '—'}</td>
                  <td className="py-1 pr-3">
                    <Link href={`/arena/${e.id}`} className="text-oi-sky underline-offset-4 hover:underline">{e.name}</Link>
                    {e.bot && <span className="ml-2 rounded bg-panel2 px-1.5 py-0.5 text-xs text-muted" title="A built-in bot">built-in</span>}
                  </td>
                  <td className="py-1 pr-3 text-right">{num(e.totals?.missed)}</td>
                  <td className="py-1 pr-3 text-right">{num(e.totals?.wasted)}</td>
                  <td className="py-1 pr-3 text-right">{num(e.totals?.stranded)}</td>
                  <td className="py-1 pr-3 text-right">{num(e.totals?.migrations)}</td>
                  <td className="py-1 pr-3" data-testid="arena-status">
                    {STATUS_TEXT[e.status]}{e.status === 'evaluating' && ` ${e.setsDone}/${e.sets}`}{e.fault && ` (${e.fault.kind})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {!board && !error && <p className="text-muted">Loading the board…</p>}
      </section>

      <section aria-labelledby="submit-title" className="rounded-xl border border-line bg-panel p-4">
        <h2 id="submit-title" className="font-semibold">Submit a balancer</h2>
        <form onSubmit={(e) => void submit(e)} className="mt-2 flex flex-col gap-2 text-sm">
          <label className="flex flex-col gap-1">
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={40} className="rounded border border-line bg-ink p-2" data-testid="arena-name" />
          </label>
          <label className="flex flex-col gap-1">
            Description (optional)
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} className="rounded border border-line bg-ink p-2" data-testid="arena-description" />
          </label>
          <label className="flex flex-col gap-1">
            Code (TypeScript or JavaScript)
            <textarea value={code} onChange={(e) => setCode(e.target.value)} rows={16} spellCheck={false} className="rounded border border-line bg-ink p-2 font-mono text-xs" data-testid="arena-code" />
          </label>
          <button type="submit" disabled={sending} className="self-start rounded-md bg-oi-sky px-4 py-2 font-semibold text-black disabled:opacity-50" data-testid="arena-submit">
            {sending ? 'Checking…' : 'Submit'}
          </button>
          {answer && (
            <p role={answer.ok ? 'status' : 'alert'} className={answer.ok ? 'text-oi-green' : 'text-oi-vermillion'} data-testid="arena-answer">{answer.text}</p>
          )}
        </form>
      </section>
    </div>
  );
}
