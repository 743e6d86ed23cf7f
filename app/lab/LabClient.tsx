'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { USER_POLICY_PREFIX, type Experiment, type LabRow } from '../../server/engine/experiment';
import { fetchPolicySlice, policySliceSize } from '../lib/lab-api';
import type { LabWorkerReply, LabWorkerRequest, ScenarioResults } from '../lib/lab-worker-protocol';
import {
  cellsOf, cliCommand, DEFAULT_EXPERIMENT, experimentJson, experimentOf, figures, formOf, LAB_BOTS, labCsvText, MD_MODE_OPTIONS,
  parseExperimentJson, policyBotName, policyFiles, SCHED_CLASS_OPTIONS, type FieldError, type LabForm, type XAxis,
} from '../lib/lab';
import { LabChart, labelOf, METRICS, type Metric } from './LabChart';
import { downloadText } from '../lib/download';

/** Par on your own task set: the solver's budget in work units (the daily challenge's is 60,000). */
const OWN_PAR_WORK = 200_000;

interface Policy {
  filename: string;
  source: string;
}

function newWorker(): Worker {
  return new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module' });
}

export function LabClient() {
  const [form, setForm] = useState<LabForm>(() => formOf(DEFAULT_EXPERIMENT));
  const [xAxis, setXAxis] = useState<XAxis>('mdShare');
  const [metric, setMetric] = useState<Metric>('wastedPerK');
  const [ran, setRan] = useState<Experiment | null>(null);
  const [sets, setSets] = useState<(LabRow[] | null)[]>([]);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<string | null>(null);
  const [faults, setFaults] = useState<string[]>([]);
  const [waiting, setWaiting] = useState<string | null>(null);
  // Sticky never migrates, so it wastes several times more than any other balancer: charted, it flattens their differences.
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set(['sticky']));
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [policyDraft, setPolicyDraft] = useState<Policy>({ filename: 'my-policy.ts', source: '' });
  const [jsonDraft, setJsonDraft] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => {
    worker.current?.terminate();
    abort.current?.abort();
  }, []);

  const checked = useMemo(() => experimentOf(form), [form]);
  const errors: FieldError[] = checked.ok ? [] : checked.errors;
  const errorOf = (f: FieldError['field']) => errors.filter((e) => e.field === f).map((e) => e.message).join('; ') || undefined;
  const experiment = checked.ok ? checked.experiment : null;
  const set = <K extends keyof LabForm>(k: K, v: LabForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  function stop() {
    worker.current?.terminate();
    worker.current = null;
    abort.current?.abort();
    abort.current = null;
    setWaiting(null);
    setRunning(false);
  }

  function run(e: Experiment) {
    stop();
    const builtins = e.bots.filter((b) => !b.startsWith(USER_POLICY_PREFIX));
    const users = e.bots.filter((b) => b.startsWith(USER_POLICY_PREFIX));
    const total = e.utilisation.length * e.mdShares.length * e.sets;
    const builtinRows: (LabRow[] | undefined)[] = new Array(total);
    const policyRows: (LabRow[] | undefined)[] = new Array(total);
    const merged: (LabRow[] | null)[] = new Array<LabRow[] | null>(total).fill(null);
    let pending = (builtins.length > 0 ? 1 : 0) + (users.length > 0 ? 1 : 0);
    setRan(e);
    setSets(merged.slice());
    setRunError(null);
    setFaults([]);
    setRunning(true);
    // A set's rows in the experiment's bot order once both sides have it: the CLI's rows.
    const settle = (i: number) => {
      if ((builtins.length > 0 && !builtinRows[i]) || (users.length > 0 && !policyRows[i])) return;
      merged[i] = e.bots.map((b) => (b.startsWith(USER_POLICY_PREFIX) ? policyRows[i]!.find((r) => r.bot === b)! : builtinRows[i]!.find((r) => r.bot === b)!));
    };
    let frame = 0;
    const publish = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setSets(merged.slice());
      });
    };
    const finish = () => {
      if (--pending > 0) return;
      setSets(merged.slice());
      setRunning(false);
    };
    if (builtins.length > 0) {
      const w = newWorker();
      worker.current = w;
      w.onmessage = (ev: MessageEvent<LabWorkerReply>) => {
        const m = ev.data;
        if (m.type === 'set') {
          builtinRows[m.index] = m.rows;
          settle(m.index);
          publish();
        } else if (m.type === 'error') {
          setRunError(m.message);
          stop();
        } else if (m.type === 'done') {
          w.terminate();
          finish();
        }
      };
      w.postMessage({ type: 'experiment', experiment: e, bots: builtins } satisfies LabWorkerRequest);
    }
    if (users.length > 0 && policy) {
      const ctl = new AbortController();
      abort.current = ctl;
      const size = policySliceSize(e);
      void (async () => {
        try {
          for (let from = 0; from < total; from += size) {
            const to = Math.min(total, from + size);
            let r = await fetchPolicySlice({ source: policy.source, filename: policy.filename, experiment: e, from, to }, ctl.signal);
            // The server's budget or queue: wait as told and ask again (the batch goes on, slower).
            while (!r.ok && (r.code === 'rate-limited' || r.code === 'busy') && r.retryAfterSeconds) {
              setWaiting(`The server asks to wait ${r.retryAfterSeconds} s before your policy's next sets (${r.code}).`);
              await new Promise((res) => setTimeout(res, r.ok ? 0 : (r.retryAfterSeconds ?? 1) * 1000));
              if (ctl.signal.aborted) return;
              r = await fetchPolicySlice({ source: policy.source, filename: policy.filename, experiment: e, from, to }, ctl.signal);
            }
            setWaiting(null);
            if (!r.ok) {
              setRunError(`Your policy: ${r.message}`);
              stop();
              return;
            }
            r.rows.forEach((row, k) => {
              policyRows[from + k] = [row];
              settle(from + k);
            });
            const stopped = r.faults.flatMap((f, k) => (f ? [`set ${r.rows[k].setSeed} (utilisation ${r.rows[k].utilisation}, share ${r.rows[k].mdShare}): ${f.kind} in ${f.call}() at tick ${f.tick}: ${f.message}`] : []));
            if (stopped.length > 0) setFaults((x) => [...x, ...stopped]);
            publish();
          }
          finish();
        } catch (err) {
          if ((err as Error).name !== 'AbortError') setRunError((err as Error).message);
        }
      })();
    }
  }

  const done = sets.filter((s) => s !== null).length;
  const rows = useMemo(() => sets.flatMap((s) => s ?? []), [sets]);
  const complete = ran !== null && sets.length > 0 && done === sets.length;
  const cells = useMemo(() => cellsOf(rows), [rows]);

  function loadJson(text: string) {
    const r = parseExperimentJson(text);
    if (!r.ok) {
      setJsonError(r.message);
      return;
    }
    const missing = policyFiles(r.experiment).filter((f) => !policy || policy.filename !== f);
    setJsonError(missing.length > 0 ? `This experiment names ${missing.map((f) => `policy:${f}`).join(', ')}: add that policy below (same file name) before running it.` : null);
    setForm(formOf(r.experiment));
  }

  function usePolicy(p: Policy | null) {
    setForm((f) => {
      const builtins = f.bots.filter((b) => !b.startsWith(USER_POLICY_PREFIX));
      return { ...f, bots: p ? [...builtins, policyBotName(p.filename)] : builtins };
    });
    setPolicy(p ? { ...p, filename: policyBotName(p.filename).slice(USER_POLICY_PREFIX.length) } : null);
  }

  const otherAxis: XAxis = xAxis === 'mdShare' ? 'utilisation' : 'mdShare';
  const xs = ran ? (xAxis === 'mdShare' ? ran.mdShares : ran.utilisation).slice().sort((a, b) => a - b) : [];
  const others = ran ? (otherAxis === 'mdShare' ? ran.mdShares : ran.utilisation) : [];
  const policyUnavailable = experiment ? policyFiles(experiment).some((f) => !policy || policy.filename !== f) : false;

  return (
    <div className="flex flex-col gap-5">
      <form
        className="flex flex-col gap-4 rounded-lg border border-line bg-panel p-4"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (experiment && !running && !policyUnavailable) run(experiment);
        }}
        aria-label="Experiment"
      >
        <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Field label="CPUs" value={form.cpus} error={errorOf('cpus')} onChange={(v) => set('cpus', v)} disabled={running} />
          <Field label="Tasks" value={form.tasks} error={errorOf('tasks')} onChange={(v) => set('tasks', v)} disabled={running} />
          <Field label="Utilisations" hint="comma-separated, e.g. 0.6, 0.75, 0.9" value={form.utilisation} error={errorOf('utilisation')} onChange={(v) => set('utilisation', v)} disabled={running} />
          <Field label="MD shares" hint="shares of jobs with a migrate_disable() section" value={form.mdShares} error={errorOf('mdShares')} onChange={(v) => set('mdShares', v)} disabled={running} />
          <Field label="Task sets per cell" value={form.sets} error={errorOf('sets')} onChange={(v) => set('sets', v)} disabled={running} />
          <Field label="First seed" value={form.firstSeed} error={errorOf('firstSeed')} onChange={(v) => set('firstSeed', v)} disabled={running} />
          <Field label="Ticks per run" value={form.duration} error={errorOf('duration')} onChange={(v) => set('duration', v)} disabled={running} />
          <label className="flex flex-col gap-1 text-sm">
            Class
            <select value={form.class} disabled={running} onChange={(e) => set('class', e.target.value as LabForm['class'])} className="rounded border border-line bg-panel2 px-2 py-1">
              {SCHED_CLASS_OPTIONS.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            MD mode
            <select value={form.mdMode} disabled={running} onChange={(e) => set('mdMode', e.target.value as LabForm['mdMode'])} className="rounded border border-line bg-panel2 px-2 py-1">
              {MD_MODE_OPTIONS.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
          <Field label="Migration cost" value={form.migrationCost} error={errorOf('migrationCost')} onChange={(v) => set('migrationCost', v)} disabled={running} />
          <Field label="Affinity share" value={form.affinityShare} error={errorOf('affinityShare')} onChange={(v) => set('affinityShare', v)} disabled={running} />
          <Field label="Sporadic share" value={form.sporadicShare} error={errorOf('sporadicShare')} onChange={(v) => set('sporadicShare', v)} disabled={running} />
        </div>
        <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <legend className="mb-1 font-semibold">Balancers</legend>
          {[...LAB_BOTS, ...(policy ? [policyBotName(policy.filename)] : [])].map((b) => (
            <label key={b} className="flex items-center gap-1">
              <input type="checkbox" disabled={running} checked={form.bots.includes(b)}
                onChange={(ev) => set('bots', ev.target.checked ? [...LAB_BOTS, ...(policy ? [policyBotName(policy.filename)] : [])].filter((x) => x === b || form.bots.includes(x)) : form.bots.filter((x) => x !== b))} />
              {labelOf(b)}
            </label>
          ))}
          {errorOf('bots') && <p className="w-full text-oi-orange" role="alert">{errorOf('bots')}</p>}
        </fieldset>
        {errorOf('experiment') && <p className="text-sm text-oi-orange" role="alert">{errorOf('experiment')}</p>}
        <div className="flex flex-wrap items-center gap-3">
          {running ? (
            <button type="button" onClick={stop} className="rounded-lg border border-line bg-panel2 px-4 py-2 font-semibold">Stop</button>
          ) : (
            <button type="submit" disabled={!experiment || policyUnavailable} className="rounded-lg bg-oi-green px-4 py-2 font-semibold text-ink disabled:opacity-50">Run the batch</button>
          )}
          {experiment && (
            <span className="text-xs text-muted">
              {experiment.utilisation.length * experiment.mdShares.length * experiment.sets} task sets x {experiment.bots.length} balancers.
              Built-in bots run in your browser (a Web Worker); your policy runs on the server.
            </span>
          )}
        </div>
        {experiment && (
          <div className="flex flex-col gap-2 text-sm">
            <p className="font-semibold">Reproduce on the command line</p>
            <code className="block whitespace-pre-wrap break-all rounded bg-panel2 p-2 text-xs" data-testid="lab-cli">{cliCommand(experiment)}</code>
            {policyFiles(experiment).length > 0 && <p className="text-xs text-muted">Save your policy as {policyFiles(experiment).join(', ')} in the directory you run it from.</p>}
            <div className="flex flex-wrap gap-3">
              <button type="button" className="rounded border border-line bg-panel2 px-2 py-1" onClick={() => downloadText('experiment.json', experimentJson(experiment), 'application/json')}>Download experiment JSON</button>
              <button type="button" className="rounded border border-line bg-panel2 px-2 py-1" onClick={() => setJsonDraft(experimentJson(experiment))}>Show JSON</button>
            </div>
          </div>
        )}
      </form>

      <details className="rounded-lg border border-line bg-panel p-4" open={jsonDraft !== ''}>
        <summary className="cursor-pointer font-semibold">Experiment JSON (import or export)</summary>
        <div className="mt-3 flex flex-col gap-2 text-sm">
          <label className="flex flex-col gap-1">
            Experiment JSON (the file <code>npm run lab -- --experiment file.json</code> reads)
            <textarea value={jsonDraft} onChange={(e) => setJsonDraft(e.target.value)} rows={8} className="rounded border border-line bg-panel2 p-2 font-mono text-xs" />
          </label>
          <div className="flex flex-wrap items-center gap-3">
            <button type="button" className="rounded border border-line bg-panel2 px-2 py-1" onClick={() => loadJson(jsonDraft)}>Load this JSON</button>
            <label className="flex items-center gap-2">
              Or a file
              <input type="file" accept=".json,application/json" aria-label="Experiment JSON file" onChange={(e) => void e.target.files?.[0]?.text().then((t) => { setJsonDraft(t); loadJson(t); })} />
            </label>
          </div>
          {jsonError && <p role="alert" className="text-oi-orange">{jsonError}</p>}
        </div>
      </details>

      <PolicyPanel draft={policyDraft} setDraft={setPolicyDraft} active={policy} disabled={running}
        onUse={(p) => usePolicy(p)} />

      {running && (
        <div role="status" aria-live="polite" className="text-sm text-muted" data-testid="lab-progress">
          Running: {done} of {sets.length} task sets
          <progress className="ml-3 align-middle" max={sets.length} value={done} />
          {waiting && <span className="ml-3">{waiting}</span>}
        </div>
      )}
      {runError && <p role="alert" className="rounded border border-oi-vermillion p-3 text-sm" data-testid="lab-error">{runError}</p>}
      {faults.length > 0 && (
        <details className="text-sm" open>
          <summary>Your policy was stopped in {faults.length} run(s); those runs went on without it (as under no balancer)</summary>
          <ul className="list-disc pl-6" data-testid="lab-faults">{faults.slice(0, 20).map((f) => <li key={f}>{f}</li>)}</ul>
        </details>
      )}

      {!ran && <p className="rounded-lg border border-dashed border-line p-4 text-sm text-muted">No results yet: choose the experiment and run the batch. A few seconds for the defaults.</p>}

      {ran && cells.length > 0 && (
        <section aria-labelledby="lab-results" className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="lab-results" className="text-xl font-bold">Results</h2>
            <div className="flex flex-wrap items-center gap-3 text-sm">
              <label>
                X axis{' '}
                <select value={xAxis} onChange={(e) => setXAxis(e.target.value as XAxis)} className="rounded border border-line bg-panel2 px-2 py-1">
                  <option value="mdShare">MD share</option>
                  <option value="utilisation">Utilisation</option>
                </select>
              </label>
              <label>
                Left panel{' '}
                <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} className="rounded border border-line bg-panel2 px-2 py-1">
                  {METRICS.filter((m) => m.key !== 'missPct').map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
                </select>
              </label>
              {complete ? (
                <button type="button" className="rounded border border-line bg-panel2 px-2 py-1" onClick={() => downloadText('lab.csv', labCsvText(rows), 'text/csv')}>Download CSV</button>
              ) : <span className="text-muted">The CSV is ready when every set has run.</span>}
            </div>
          </div>
          <p className="text-sm text-muted">
            Missed deadlines alone barely move for the Linux bots; wasted CPU time (a CPU idle while a task it may run waits) shows
            what migrate_disable() costs. Par per generated set is not offered: measured 0.3 to 14 s per 2,000-tick set, too much per batch (par is computed for your own task set).
          </p>
          <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <legend className="mb-1">Charted (the table has every balancer)</legend>
            {ran.bots.map((b) => (
              <label key={b} className="flex items-center gap-1">
                <input type="checkbox" checked={!hidden.has(b)} onChange={(ev) => setHidden((h) => {
                  const next = new Set(h);
                  if (ev.target.checked) next.delete(b);
                  else next.add(b);
                  return next;
                })} />
                {labelOf(b)}
              </label>
            ))}
          </fieldset>
          {others.map((o) => (
            <LabChart key={o} cells={cells.filter((c) => c[otherAxis] === o)} bots={ran.bots.filter((b) => !hidden.has(b))} xAxis={xAxis} xs={xs} metrics={[metric, 'missPct']}
              title={otherAxis === 'mdShare' ? `MD share ${Math.round(o * 100)}%` : `Utilisation ${o}`} fileName={`lab-${otherAxis}-${o}`} />
          ))}
          <LabTable cells={cells} bots={ran.bots} />
        </section>
      )}

      <OwnTaskSet bots={form.bots.filter((b) => !b.startsWith(USER_POLICY_PREFIX))} />
    </div>
  );
}

function Field(p: { label: string; hint?: string; value: string; error: string | undefined; disabled: boolean; onChange: (v: string) => void }) {
  const id = `lab-${p.label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <label className="flex flex-col gap-1 text-sm">
      {p.label}
      <input id={id} value={p.value} disabled={p.disabled} onChange={(e) => p.onChange(e.target.value)} aria-invalid={p.error ? true : undefined}
        aria-describedby={p.error ? `${id}-err` : undefined} title={p.hint} className="rounded border border-line bg-panel2 px-2 py-1" />
      {p.error && <span id={`${id}-err`} className="text-xs text-oi-orange">{p.error}</span>}
    </label>
  );
}

function PolicyPanel({ draft, setDraft, active, disabled, onUse }: {
  draft: Policy; setDraft: (p: Policy) => void; active: Policy | null; disabled: boolean; onUse: (p: Policy | null) => void;
}) {
  return (
    <details className="rounded-lg border border-line bg-panel p-4" open={active !== null}>
      <summary className="cursor-pointer font-semibold">Your policy {active ? `(in the experiment as policy:${active.filename})` : ''}</summary>
      <div className="mt-3 flex flex-col gap-2 text-sm">
        <p className="text-muted">
          A balancer in TypeScript or JavaScript (README, &quot;Sandbox&quot;; example: examples/policies/least-loaded.ts). Its runs are computed on the
          server, in the sandbox, a slice of sets per request; bad code is refused with the sandbox&apos;s error.
        </p>
        <label className="flex flex-col gap-1">
          File name
          <input value={draft.filename} disabled={disabled} onChange={(e) => setDraft({ ...draft, filename: e.target.value })} className="max-w-xs rounded border border-line bg-panel2 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1">
          Policy source
          <textarea value={draft.source} disabled={disabled} onChange={(e) => setDraft({ ...draft, source: e.target.value })} rows={8} className="rounded border border-line bg-panel2 p-2 font-mono text-xs" />
        </label>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2">
            Or a file
            <input type="file" accept=".ts,.js,.mts,.mjs" aria-label="Policy file" disabled={disabled}
              onChange={(e) => { const f = e.target.files?.[0]; if (f) void f.text().then((t) => setDraft({ filename: f.name, source: t })); }} />
          </label>
          <button type="button" disabled={disabled || draft.source.trim() === ''} className="rounded border border-line bg-panel2 px-2 py-1 disabled:opacity-50" onClick={() => onUse(draft)}>Add to the experiment</button>
          {active && <button type="button" disabled={disabled} className="rounded border border-line bg-panel2 px-2 py-1" onClick={() => onUse(null)}>Remove it</button>}
        </div>
      </div>
    </details>
  );
}

function LabTable({ cells, bots }: { cells: ReturnType<typeof cellsOf>; bots: string[] }) {
  const keys = [...new Map(cells.map((c) => [`${c.utilisation}|${c.mdShare}`, c] as const)).values()];
  return (
    // relative: the sr-only header text is absolutely placed; without a positioned scroller it escapes it and widens the page on a phone.
    // A tab stop, so the table can be scrolled sideways from the keyboard where it is wider than the screen.
    <div role="region" aria-label="Results table" tabIndex={0} className="relative overflow-x-auto rounded-lg border border-line">
      <table className="w-full text-left text-sm" data-testid="lab-table">
        <caption className="bg-panel px-3 py-2 text-left font-semibold">Per utilisation, share of MD jobs and balancer (sums over the task sets; rates per 1,000 CPU-ticks)</caption>
        <thead className="bg-panel2 text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-3 py-2">Utilisation</th>
            <th scope="col" className="px-3 py-2">MD share</th>
            <th scope="col" className="px-3 py-2">Balancer</th>
            <th scope="col" className="px-3 py-2 text-right">Sets</th>
            <th scope="col" className="px-3 py-2 text-right" title="CPU-ticks a CPU idled while a waiting task allowed there waited, pinned or not (includes stranded)">Wasted</th>
            <th scope="col" className="px-3 py-2 text-right">Stranded</th>
            <th scope="col" className="px-3 py-2 text-right">Missed</th>
            <th scope="col" className="px-3 py-2 text-right">Missed %</th>
            <th scope="col" className="px-3 py-2 text-right">Inversion</th>
            <th scope="col" className="px-3 py-2 text-right">Migrations</th>
          </tr>
        </thead>
        <tbody>
          {keys.flatMap((k) => bots.map((bot) => {
            const c = cells.find((x) => x.utilisation === k.utilisation && x.mdShare === k.mdShare && x.bot === bot);
            if (!c) return null;
            const f = figures(c);
            return (
              <tr key={`${k.utilisation}-${k.mdShare}-${bot}`} className="border-t border-line" data-testid="lab-row" data-bot={bot} data-share={c.mdShare} data-util={c.utilisation}>
                <td className="px-3 py-1.5">{c.utilisation}</td>
                <td className="px-3 py-1.5">{Math.round(c.mdShare * 100)}%</td>
                <td className="px-3 py-1.5">{labelOf(bot)}</td>
                <td className="px-3 py-1.5 text-right">{c.sets}</td>
                <td className="px-3 py-1.5 text-right" data-testid="wasted">{f.wastedPerK.toFixed(1)}</td>
                <td className="px-3 py-1.5 text-right" data-testid="stranded">{f.strandedPerK.toFixed(1)}</td>
                <td className="px-3 py-1.5 text-right">{c.missed}</td>
                <td className="px-3 py-1.5 text-right" data-testid="miss-pct">{f.missPct.toFixed(1)}</td>
                <td className="px-3 py-1.5 text-right">{f.inversionPerK.toFixed(1)}</td>
                <td className="px-3 py-1.5 text-right">{f.migrationsPerK.toFixed(1)}</td>
              </tr>
            );
          }))}
        </tbody>
      </table>
    </div>
  );
}

/** Every chosen bot on a scenario file of your own (the format `npm run sim` reads), and par within a budget. */
function OwnTaskSet({ bots }: { bots: string[] }) {
  const [text, setText] = useState('');
  const [out, setOut] = useState<ScenarioResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const w = useRef<Worker | null>(null);
  useEffect(() => () => w.current?.terminate(), []);

  function go() {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      setError(`not JSON: ${(e as Error).message}`);
      return;
    }
    if (bots.length === 0) {
      setError('choose at least one built-in balancer above');
      return;
    }
    w.current?.terminate();
    const worker = newWorker();
    w.current = worker;
    setError(null);
    setOut(null);
    setBusy(true);
    worker.onmessage = (ev: MessageEvent<LabWorkerReply>) => {
      const m = ev.data;
      if (m.type === 'scenario') setOut({ ...m });
      else if (m.type === 'par') setOut((o) => (o ? { ...o, par: m.par } : o));
      else if (m.type === 'error') {
        setError(m.message);
        setBusy(false);
        worker.terminate();
      } else if (m.type === 'done') {
        setBusy(false);
        worker.terminate();
      }
    };
    worker.postMessage({ type: 'scenario', scenario: json, bots, parWork: OWN_PAR_WORK } satisfies LabWorkerRequest);
  }

  return (
    <details className="rounded-lg border border-line bg-panel p-4">
      <summary className="cursor-pointer font-semibold">Your own task set</summary>
      <div className="mt-3 flex flex-col gap-2 text-sm">
        <p className="text-muted">A format-1 scenario file (what <code>npm run sim</code> reads): every chosen built-in balancer runs on it with its seed, and par (the best action log the solver finds for a player beside the scenario&apos;s balancer, within {OWN_PAR_WORK.toLocaleString('en')} work units) is computed.</p>
        <label className="flex flex-col gap-1">
          Scenario JSON
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={6} className="rounded border border-line bg-panel2 p-2 font-mono text-xs" />
        </label>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2">
            Or a file
            <input type="file" accept=".json,application/json" aria-label="Scenario file" onChange={(e) => void e.target.files?.[0]?.text().then(setText)} />
          </label>
          {busy ? (
            <button type="button" className="rounded border border-line bg-panel2 px-2 py-1" onClick={() => { w.current?.terminate(); setBusy(false); }}>Stop</button>
          ) : (
            <button type="button" disabled={text.trim() === ''} className="rounded border border-line bg-panel2 px-2 py-1 disabled:opacity-50" onClick={go}>Run on my task set</button>
          )}
        </div>
        {error && <p role="alert" className="text-oi-orange" data-testid="own-error">{error}</p>}
        {out && (
          <table className="w-full text-left text-sm" data-testid="own-table">
            <caption className="text-left">{out.title}: {out.cpus} CPUs, {out.tasks} tasks, {out.duration} ticks, seed {out.seed}</caption>
            <thead><tr><th scope="col">Balancer</th><th scope="col" className="text-right">Score</th><th scope="col" className="text-right">Wasted</th><th scope="col" className="text-right">Stranded</th><th scope="col" className="text-right">Missed</th></tr></thead>
            <tbody>
              {out.results.map((r) => (
                <tr key={r.bot} data-testid="own-row" data-bot={r.bot}><td>{labelOf(r.bot)}</td><td className="text-right">{r.score}</td><td className="text-right">{r.wasted}</td><td className="text-right">{r.stranded}</td><td className="text-right">{r.missed}</td></tr>
              ))}
              <tr data-testid="own-par">
                <td>Par (a player beside {labelOf(out.balancer)})</td>
                <td className="text-right" colSpan={4}>{out.par ? `${out.par.score} (bound ${out.par.bound}${out.par.optimal ? ', optimal' : ''}; ${out.par.method})` : busy ? 'searching…' : 'not computed'}</td>
              </tr>
            </tbody>
          </table>
        )}
      </div>
    </details>
  );
}
