'use client';
/**
 * Another round with the same class: the host picks the scenario (the one just
 * played by default) and optionally a seed. Everyone keeps their seat: nobody
 * rejoins, and the results of every round stay in the room.
 */
import { useId, useState } from 'react';
import { reasonText } from '@/app/lib/room-reasons';
import { parseSeedField } from '@/app/lib/seedField';
import type { ScenarioRef } from '@/server/protocol';
import { scenarioRefFor, useScenarioChoices } from './scenarioChoices';

export function NextRound({ current, nextNumber, onStart }: {
  current: string;
  nextNumber: number;
  onStart: (opts: { scenario?: ScenarioRef; seed?: number }) => Promise<string | null>;
}) {
  const ids = useId();
  const choices = useScenarioChoices();
  const [slug, setSlug] = useState(current);
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listed = choices.some((c) => c.slug === current);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const parsed = parseSeedField(seed);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    const seedNum = parsed.seed;
    setBusy(true);
    // The same scenario again needs no reference: the room plays the one it has (also a room's own file).
    let scenario: ScenarioRef | undefined;
    if (slug !== current) {
      const ref = await scenarioRefFor(slug);
      if (!ref.ok) {
        setBusy(false);
        setError(`That scenario could not be loaded (${ref.message}).`);
        return;
      }
      scenario = ref.ref;
    }
    const reason = await onStart({ ...(scenario ? { scenario } : {}), ...(seedNum !== undefined ? { seed: seedNum } : {}) });
    setBusy(false);
    if (reason) setError(reasonText(reason));
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${ids}-t`} className="mt-4 space-y-3 rounded-lg border border-line bg-panel2 p-4" data-testid="next-round">
      <h3 id={`${ids}-t`} className="font-semibold">Round {nextNumber} with the same class</h3>
      <p className="text-sm text-muted">Everyone keeps their seat (nobody joins again); the results of every round stay in this room and its CSV.</p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
          Scenario
          <select value={slug} onChange={(e) => setSlug(e.target.value)} className="rounded-md border border-line bg-panel px-3 py-2">
            {!listed && <option value={current}>{current} (this round’s)</option>}
            {choices.map((c) => <option key={c.slug} value={c.slug}>{c.title}{c.slug === current ? ' (this round’s)' : ''}</option>)}
          </select>
        </label>
        <label className="flex w-40 flex-col gap-1 text-sm">
          <span>Seed <span className="text-muted">(optional)</span></span>
          <input value={seed} onChange={(e) => setSeed(e.target.value)} inputMode="numeric" placeholder="scenario’s own"
            className="rounded-md border border-line bg-panel px-3 py-2" />
        </label>
        <button type="submit" disabled={busy} className="rounded-lg bg-oi-green px-5 py-2.5 font-semibold text-ink hover:brightness-110 disabled:opacity-50">
          {busy ? 'Preparing…' : `Start round ${nextNumber} lobby`}
        </button>
      </div>
      {error && <p role="alert" className="rounded-md border border-oi-vermillion/60 bg-oi-vermillion/10 px-3 py-2 text-sm">{error}</p>}
    </form>
  );
}
