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
import { BUILTIN_CHOICES, isCatalogSlug, scenarioRefFor, useScenarioChoices } from './_components/scenarioChoices';
import { fetchAccount, fetchGallery, fetchMine } from '@/app/lib/publishing';
import type { Published } from '@/server/protocol';

/** A choice's value: `p:<slug>` for a published scenario (sent as { published }), else the slug. */
const PUB = 'p:';

export default function HostPage() {
  const router = useRouter();
  const ids = useId();
  const builtins = useScenarioChoices().filter((c) => isCatalogSlug(c.slug));
  const [slug, setSlug] = useState(BUILTIN_CHOICES[0]?.slug ?? '');
  const [myScenarios, setMyScenarios] = useState<Published[]>([]);
  const [gallery, setGallery] = useState<Published[]>([]);
  const [q, setQ] = useState('');
  useEffect(() => {
    // From the gallery or My scenarios: /host?published=<slug> preselects it.
    const asked = new URLSearchParams(window.location.search).get('published');
    if (asked) setSlug(PUB + asked);
    // Signed out, there is nothing to ask for (and no 401 to log).
    void fetchAccount().then(async (a) => {
      const r = a ? await fetchMine() : null;
      if (r?.ok) setMyScenarios(r.value.scenarios.filter((s) => s.hostable));
    });
  }, []);
  useEffect(() => {
    let live = true;
    void fetchGallery(q.trim(), 0, { limit: 50 }).then((r) => { if (live && r.ok) setGallery(r.value.items); });
    return () => { live = false; };
  }, [q]);
  const published = [...myScenarios, ...gallery.filter((g) => !myScenarios.some((m) => m.slug === g.slug))];
  const choices = [...builtins, ...published.map((p) => ({ slug: PUB + p.slug, title: p.title, cpus: p.cpus, duration: p.duration }))];
  // A preselected published scenario not listed (a link one, say) is still offered.
  if (slug.startsWith(PUB) && !choices.some((c) => c.slug === slug)) choices.push({ slug, title: slug.slice(PUB.length) });
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
    const ref = slug.startsWith(PUB) ? { ok: true as const, ref: { published: slug.slice(PUB.length) } } : await scenarioRefFor(slug);
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
            <optgroup label="Built-in levels">
              {builtins.map((c) => <option key={c.slug} value={c.slug}>{c.title}</option>)}
            </optgroup>
            {myScenarios.length > 0 && (
              <optgroup label="My scenarios">
                {myScenarios.map((p) => <option key={p.slug} value={PUB + p.slug}>{p.title}</option>)}
              </optgroup>
            )}
            <optgroup label="Gallery">
              {choices.filter((c) => c.slug.startsWith(PUB) && !myScenarios.some((m) => PUB + m.slug === c.slug)).map((c) => <option key={c.slug} value={c.slug}>{c.title}</option>)}
            </optgroup>
          </select>
          <label htmlFor={`${ids}-q`} className="mt-2 block text-sm text-muted">Search the gallery</label>
          <input id={`${ids}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="title or summary" className="mt-1 w-full rounded-md border border-line bg-panel2 px-3 py-1 text-sm" />
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
