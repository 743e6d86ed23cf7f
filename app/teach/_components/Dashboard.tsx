'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import type { ApiResponse } from '../../../server/protocol';
import { fetchScenarioList, type ScenarioChoice } from '../../lib/api';
import { createAssignment, createClass, fetchDashboard, tagAssignment, tagRoom } from '../../lib/teach-api';
import { Refused } from './SignInNeeded';
import { usePolled } from './usePolled';
import { button, input, panel, STATE_LABEL, when } from './format';

type Dash = ApiResponse<'teachDashboard'>;

export function Dashboard() {
  const { answer, reload } = usePolled(fetchDashboard, 0);
  if (!answer) return <p role="status" className="text-muted">Loading…</p>;
  if (!answer.ok) return <Refused failure={answer} what="dashboard" />;
  const d = answer.value;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold tracking-tight">My teaching</h1>
      <Classes dash={d} onChange={reload} />
      <NewAssignment classes={d.classes} />
      <section className={panel}>
        <h2 className="text-xl font-semibold">Assignments</h2>
        {d.assignments.length === 0 ? <p className="text-sm text-muted">None yet.</p> : (
          <ul className="text-sm" data-testid="my-assignments">
            {d.assignments.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2 border-t border-line py-1">
                <Link className="text-oi-sky underline" href={`/assignments/${a.id}`}>{a.title}</Link>
                <span className="font-mono">{a.code}</span><span className="text-muted">{STATE_LABEL[a.state]}, closes {when(a.closesAt)}</span>
                <ClassPicker classes={d.classes} value={a.classId} label={`Class of ${a.title}`} onPick={async (c) => { await tagAssignment(a.id, c); reload(); }} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className={panel}>
        <h2 className="text-xl font-semibold">Rooms I hosted</h2>
        <p className="text-sm text-muted">Rooms you host while signed in are kept here. <Link className="text-oi-sky underline" href="/host">Host a room</Link></p>
        {d.rooms.length === 0 ? <p className="text-sm text-muted">None yet.</p> : (
          <ul className="text-sm" data-testid="my-rooms">
            {d.rooms.map((r) => (
              <li key={r.code} className="flex flex-wrap items-center gap-2 border-t border-line py-1">
                <Link className="font-mono text-oi-sky underline" href={`/leaderboard/room/${r.code}`}>{r.code}</Link>
                <span>{r.kind}, {r.scenario}, {r.rounds} round{r.rounds === 1 ? '' : 's'}, {r.state}, {when(r.createdAt)}</span>
                <ClassPicker classes={d.classes} value={r.classId} label={`Class of room ${r.code}`} onPick={async (c) => { await tagRoom(r.code, c); reload(); }} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ClassPicker({ classes, value, label, onPick }: { classes: Dash['classes']; value: string | null; label: string; onPick: (classId: string | null) => Promise<void> }) {
  if (classes.length === 0) return null;
  return (
    <select aria-label={label} className={input} value={value ?? ''} onChange={(e) => void onPick(e.target.value || null)}>
      <option value="">no class</option>
      {classes.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
    </select>
  );
}

function Classes({ dash, onChange }: { dash: Dash; onChange: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section className={panel}>
      <h2 className="text-xl font-semibold">Classes</h2>
      {dash.classes.length > 0 && (
        <ul className="text-sm" data-testid="my-classes">
          {dash.classes.map((c) => <li key={c.id}><Link className="text-oi-sky underline" href={`/classes/${c.id}`}>{c.name}</Link></li>)}
        </ul>
      )}
      <form className="mt-2 flex flex-wrap gap-2" onSubmit={async (e) => {
        e.preventDefault();
        const r = await createClass(name.trim());
        if (r.ok) { setName(''); setError(null); onChange(); } else setError(r.message);
      }}>
        <input aria-label="New class name" className={input} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required />
        <button type="submit" className={button}>New class</button>
      </form>
      {error && <p role="alert" className="text-sm text-oi-vermillion">{error}</p>}
    </section>
  );
}

/** datetime-local wants local wall time without a zone. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function NewAssignment({ classes }: { classes: Dash['classes'] }) {
  const router = useRouter();
  const [scenarios, setScenarios] = useState<ScenarioChoice[] | null>(null);
  useEffect(() => { void fetchScenarioList().then(setScenarios); }, []);
  const [form, setForm] = useState(() => ({
    scenario: 'pile-up', slug: '', title: '', opensAt: localInput(Date.now()), closesAt: localInput(Date.now() + 7 * 86_400_000),
    attemptsAllowed: 3, showScoresBeforeClose: false, classId: '',
  }));
  const [error, setError] = useState<string | null>(null);
  const set = useCallback(<K extends keyof typeof form>(k: K, v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v })), []);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const r = await createAssignment({
      scenario: form.slug.trim() || form.scenario, title: form.title.trim(), opensAt: new Date(form.opensAt).toISOString(), closesAt: new Date(form.closesAt).toISOString(),
      attemptsAllowed: form.attemptsAllowed, showScoresBeforeClose: form.showScoresBeforeClose, classId: form.classId || null,
    });
    if (r.ok) router.push(`/assignments/${r.value.assignment.id}`);
    else setError(r.message);
  }

  return (
    <section className={panel}>
      <h2 className="text-xl font-semibold">New assignment</h2>
      <form className="mt-2 grid gap-3 sm:grid-cols-2" onSubmit={submit} data-testid="new-assignment">
        <label className="flex flex-col gap-1 text-sm">Title
          <input className={input} value={form.title} onChange={(e) => set('title', e.target.value)} maxLength={80} required data-testid="assignment-title" />
        </label>
        <label className="flex flex-col gap-1 text-sm">Scenario
          <select className={input} value={form.scenario} onChange={(e) => set('scenario', e.target.value)} data-testid="assignment-scenario">
            {(scenarios ?? [{ slug: 'pile-up', title: 'pile-up' } as ScenarioChoice]).map((s) => <option key={s.slug} value={s.slug}>{s.title}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">…or an authored scenario&apos;s slug (pinned to its current version)
          <input className={input} value={form.slug} onChange={(e) => set('slug', e.target.value)} placeholder="my-scenario" />
        </label>
        <label className="flex flex-col gap-1 text-sm">Attempts per student
          <input type="number" min={1} max={100} className={input} value={form.attemptsAllowed} onChange={(e) => set('attemptsAllowed', Number(e.target.value))} data-testid="assignment-attempts" />
        </label>
        <label className="flex flex-col gap-1 text-sm">Opens
          <input type="datetime-local" className={input} value={form.opensAt} onChange={(e) => set('opensAt', e.target.value)} required data-testid="assignment-opens" />
        </label>
        <label className="flex flex-col gap-1 text-sm">Closes
          <input type="datetime-local" className={input} value={form.closesAt} onChange={(e) => set('closesAt', e.target.value)} required data-testid="assignment-closes" />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.showScoresBeforeClose} onChange={(e) => set('showScoresBeforeClose', e.target.checked)} data-testid="assignment-show-scores" />
          Students see the standings before the close
        </label>
        {classes.length > 0 && (
          <label className="flex flex-col gap-1 text-sm">Class
            <select className={input} value={form.classId} onChange={(e) => set('classId', e.target.value)}>
              <option value="">no class</option>
              {classes.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
        )}
        <div className="sm:col-span-2"><button type="submit" className={button} data-testid="create-assignment">Create assignment</button></div>
        {error && <p role="alert" className="text-sm text-oi-vermillion sm:col-span-2">{error}</p>}
      </form>
    </section>
  );
}
