'use client';
/**
 * /host: a teacher picks a scenario and a mode and creates a room; the dashboard
 * for it lives at /host/CODE (the host key stays in this browser).
 */
import { useEffect, useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { createRoom } from '@/app/lib/room-actions';
import { reasonText } from '@/app/lib/room-reasons';
import { parseSeedField } from '@/app/lib/seedField';
import { hostedCodes } from '@/app/lib/room-tokens';
import Link from 'next/link';
import { BUILTIN_CHOICES, scenarioRefFor, useScenarioChoices } from './_components/scenarioChoices';

export default function HostPage() {
  const router = useRouter();
  const ids = useId();
  const choices = useScenarioChoices();
  const [slug, setSlug] = useState(BUILTIN_CHOICES[0]?.slug ?? '');
  const [kind, setKind] = useState<'race' | 'coop'>('race');
  const [seed, setSeed] = useState('');
  const [maxPlayers, setMaxPlayers] = useState('40');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<string[]>([]);
  useEffect(() => setMine(hostedCodes()), []);


  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const parsed = parseSeedField(seed);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    const seedNum = parsed.seed;
    const max = Number(maxPlayers);
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      setError('Players: a whole number from 1 to 100.');
      return;
    }
    setBusy(true);
    // A published scenario the room catalog does not hold by name is sent whole (the server validates it).
    const ref = await scenarioRefFor(slug);
    if (!ref.ok) {
      setBusy(false);
      setError(`That scenario could not be loaded from the server (${ref.message}). Try again, or pick another.`);
      return;
    }
    const r = await createRoom({ kind, scenario: ref.ref, seed: seedNum, maxPlayers: max });
    setBusy(false);
    if (!r.ok) {
      setError(reasonText(r.reason, r.detail));
      return;
    }
    router.push(`/host/${r.code}`);
  }

  const chosen = choices.find((c) => c.slug === slug);
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="text-3xl font-bold tracking-tight">Host a class</h1>
      <p className="mt-2 text-muted">
        Create a room, show its join code, and run rounds: the same class can play another round, on the same
        scenario or another, without joining again. Every player gets the same scenario and seed; the server runs each
        game, so the standings are fair.
      </p>
      {mine.length > 0 && (
        <nav aria-label="Rooms you host" className="mt-4 text-sm text-muted">
          Rooms this browser hosts:{' '}
          {mine.map((c, i) => (
            <span key={c}>
              {i > 0 && ', '}
              <Link href={`/host/${c}`} className="font-mono text-oi-sky underline">{c}</Link>
            </span>
          ))}
        </nav>
      )}
      <form onSubmit={submit} className="mt-6 space-y-5 rounded-xl border border-line bg-panel p-5" aria-describedby={error ? `${ids}-err` : undefined}>
        <div>
          <label htmlFor={`${ids}-scenario`} className="block font-medium">Scenario</label>
          <select
            id={`${ids}-scenario`}
            name="scenario"
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            className="mt-1 w-full rounded-md border border-line bg-panel2 px-3 py-2"
          >
            {choices.map((c) => (
              <option key={c.slug} value={c.slug}>{c.title}</option>
            ))}
          </select>
          {chosen && (
            <p className="mt-1 text-sm text-muted">
              {chosen.cpus !== undefined && `${chosen.cpus} CPUs`}
              {chosen.duration !== undefined && ` · ${chosen.duration} ticks`}
            </p>
          )}
        </div>
        <fieldset>
          <legend className="font-medium">Mode</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            <label className={`cursor-pointer rounded-lg border p-3 ${kind === 'race' ? 'border-oi-sky bg-oi-sky/10' : 'border-line'}`}>
              <input type="radio" name="kind" value="race" checked={kind === 'race'} onChange={() => setKind('race')} className="mr-2" />
              <span className="font-semibold">Race</span>
              <span className="mt-1 block text-sm text-muted">Everyone plays their own copy; live standings.</span>
            </label>
            <label className={`cursor-pointer rounded-lg border p-3 ${kind === 'coop' ? 'border-oi-sky bg-oi-sky/10' : 'border-line'}`}>
              <input type="radio" name="kind" value="coop" checked={kind === 'coop'} onChange={() => setKind('coop')} className="mr-2" />
              <span className="font-semibold">Shared machine (co-op)</span>
              <span className="mt-1 block text-sm text-muted">One machine; each player owns some CPUs, like the kernel’s per-CPU balancers.</span>
            </label>
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={`${ids}-seed`} className="block font-medium">Seed <span className="font-normal text-muted">(optional)</span></label>
            <input
              id={`${ids}-seed`}
              name="seed"
              inputMode="numeric"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              placeholder="scenario’s own"
              className="mt-1 w-full rounded-md border border-line bg-panel2 px-3 py-2"
            />
          </div>
          <div>
            <label htmlFor={`${ids}-max`} className="block font-medium">Maximum players</label>
            <input
              id={`${ids}-max`}
              name="maxPlayers"
              inputMode="numeric"
              value={maxPlayers}
              onChange={(e) => setMaxPlayers(e.target.value)}
              className="mt-1 w-full rounded-md border border-line bg-panel2 px-3 py-2"
            />
          </div>
        </div>
        {error && (
          <p id={`${ids}-err`} role="alert" className="rounded-md border border-oi-vermillion/60 bg-oi-vermillion/10 px-3 py-2 text-sm">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy || !slug}
          className="w-full rounded-lg bg-oi-sky px-4 py-3 text-lg font-semibold text-ink hover:brightness-110 disabled:opacity-60"
        >
          {busy ? 'Creating…' : 'Create room'}
        </button>
      </form>
    </div>
  );
}
