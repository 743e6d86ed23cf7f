'use client';

import dynamic from 'next/dynamic';
import { useEffect, useMemo, useState } from 'react';
import { BOT_NAMES, loadScenario, parseScenario, type BotName, type Scenario } from '../../server/engine';
import { BUILTIN_SCENARIOS } from '../../server/engine/levels';
import type { BalancerRunWire, PolicyRunResponse } from '../../server/protocol';
import { Gantt } from '../components/Gantt';
import { Stars } from '../components/Stars';
import { BOT_LABEL } from '../lib/explain';
import { recordFrame } from '../lib/frames';
import { Timeline } from '../lib/timeline';
import { newDraft, readDraft, writeDraft, type Draft } from './draft';
import { POLICY_EXAMPLES, POLICY_TYPES_SOURCE } from './generated';
import { runPolicy, type PolicyRunResult } from './policyApi';
import type { EditorMark } from './PolicyEditor';

// CodeMirror is loaded by this page only, in the browser, after the page itself.
const PolicyEditor = dynamic(() => import('./PolicyEditor'), {
  ssr: false,
  loading: () => <div className="flex h-[28rem] items-center justify-center rounded-md border border-line bg-panel text-muted">Loading the editor…</div>,
});

const CHOOSABLE_BOTS = BOT_NAMES.filter((b) => b !== 'none');

type Failure = Extract<PolicyRunResult, { ok: false }>;

/** The scenario the draft names, parsed in the browser (the server checks it again): for the timeline, and to catch a bad paste early. */
function scenarioOfDraft(d: Draft): { ok: true; scenario: Scenario; json: unknown } | { ok: false; message: string } {
  if (d.scenarioMode === 'level') {
    const input = BUILTIN_SCENARIOS.find((s) => s.slug === d.slug);
    return input ? { ok: true, scenario: loadScenario(input), json: null } : { ok: false, message: 'Pick a level.' };
  }
  let json: unknown;
  try {
    json = JSON.parse(d.pasted);
  } catch {
    return { ok: false, message: 'The pasted scenario is not valid JSON.' };
  }
  const r = parseScenario(json);
  if (!r.ok) return { ok: false, message: `The pasted scenario is not valid: ${r.errors.slice(0, 3).map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`).join('; ')}` };
  return { ok: true, scenario: r.value, json };
}

function runLabel(run: BalancerRunWire, policyName: string): string {
  if (run.kind === 'policy') return `${policyName} (your policy)`;
  if (run.kind === 'par') return 'Par (best moves known)';
  return BOT_LABEL[run.id as BotName] ?? run.id;
}

interface Shown {
  response: PolicyRunResponse;
  scenario: Scenario;
}

export function PoliciesClient() {
  const [draft, setDraft] = useState<Draft>(newDraft);
  const [restored, setRestored] = useState(false);
  const [running, setRunning] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [selected, setSelected] = useState('policy');

  // The draft survives a reload; read after mounting (the server renders the starter).
  useEffect(() => {
    const d = readDraft();
    if (d) setDraft(d);
    setRestored(true);
  }, []);
  useEffect(() => {
    if (restored) writeDraft(draft);
  }, [draft, restored]);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const target = useMemo(() => scenarioOfDraft(draft), [draft]);

  const mark: EditorMark | null = failure?.policy?.line
    ? { line: failure.policy.line, column: failure.policy.column ?? 1, message: failure.message }
    : null;

  const seed = draft.seed === '' ? null : Number(draft.seed);
  const seedOk = seed === null || (Number.isInteger(seed) && seed <= 0xffffffff);

  async function run() {
    if (!target.ok || !seedOk) return;
    setRunning(true);
    setFailure(null);
    const r = await runPolicy({
      source: draft.source,
      filename: draft.filename,
      scenario: draft.scenarioMode === 'level' ? { slug: draft.slug } : { json: target.json },
      bots: draft.bots,
      par: draft.par,
      ...(seed !== null ? { seed } : {}),
    });
    setRunning(false);
    if (!r.ok) {
      setFailure(r);
      return;
    }
    setShown({ response: r.value, scenario: target.scenario });
    setSelected('policy');
  }

  const selectedRun = shown?.response.runs.find((r) => r.id === selected) ?? shown?.response.runs[0] ?? null;
  const timeline = useMemo(() => {
    if (!shown || !selectedRun) return null;
    const tl = new Timeline(shown.scenario);
    for (const f of selectedRun.history.frames) recordFrame(tl, f);
    return tl;
  }, [shown, selectedRun]);
  const taskIndex = useMemo(() => new Map((shown?.scenario.tasks ?? []).map((t, i) => [t.id, i])), [shown]);
  const mine = shown?.response.runs.find((r) => r.kind === 'policy') ?? null;

  const btn = 'rounded-md border border-line bg-panel2 px-3 py-1.5 text-sm font-semibold hover:bg-line disabled:opacity-40';
  const field = 'rounded-md border border-line bg-panel2 px-2 py-1.5 text-sm text-fg';

  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <section aria-labelledby="editor-heading" className="flex min-w-0 flex-col gap-3">
          <h2 id="editor-heading" className="text-lg font-bold">Your policy</h2>
          <div className="flex flex-wrap items-end gap-3">
            <label className="flex flex-col gap-1 text-sm text-muted">
              Load an example
              <select
                className={field}
                value=""
                data-testid="policy-example"
                onChange={(e) => {
                  const v = e.target.value;
                  if (v === '(starter)') update({ source: newDraft().source, filename: newDraft().filename });
                  const ex = POLICY_EXAMPLES.find((x) => x.file === v);
                  if (ex) update({ source: ex.source, filename: ex.file });
                }}
              >
                <option value="">Choose…</option>
                <option value="(starter)">Starter template</option>
                {POLICY_EXAMPLES.map((e) => <option key={e.file} value={e.file}>{e.file}</option>)}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-sm text-muted">
              File name
              <input className={`${field} w-44 font-mono`} value={draft.filename} onChange={(e) => update({ filename: e.target.value.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64) || 'policy.ts' })} />
            </label>
          </div>
          <PolicyEditor value={draft.source} onChange={(source) => update({ source })} mark={mark} label="Policy source (TypeScript or JavaScript)" />
          <p className="text-xs text-muted">Your draft is kept in this browser. The code runs on the server, in a sandbox (no clock, no network, a budget per call).</p>
        </section>

        <section aria-labelledby="types-heading" className="flex min-w-0 flex-col gap-2">
          <h2 id="types-heading" className="text-lg font-bold">The interface</h2>
          <p className="text-sm text-muted">
            <code>server/engine/policy/types.ts</code>, as the engine uses it. Tasks and CPUs are numbers (indexes); moves of pinned tasks are refused.
          </p>
          <pre
            tabIndex={0}
            aria-label="The policy interface (TypeScript)"
            data-testid="policy-types"
            className="max-h-[28rem] overflow-auto rounded-md border border-line bg-panel p-3 font-mono text-xs leading-snug"
          >
            {POLICY_TYPES_SOURCE}
          </pre>
        </section>
      </div>

      <section aria-labelledby="run-heading" className="flex flex-col gap-3 rounded-md border border-line bg-panel p-4">
        <h2 id="run-heading" className="text-lg font-bold">Run it</h2>
        <fieldset className="flex flex-wrap items-end gap-4">
          <legend className="sr-only">Scenario</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scenario-mode" checked={draft.scenarioMode === 'level'} onChange={() => update({ scenarioMode: 'level' })} />
            A level
          </label>
          <label className="flex flex-col gap-1 text-sm text-muted">
            Level
            <select className={field} value={draft.slug} disabled={draft.scenarioMode !== 'level'} onChange={(e) => update({ slug: e.target.value })} data-testid="policy-level">
              {BUILTIN_SCENARIOS.map((s) => <option key={s.slug} value={s.slug}>{s.title}</option>)}
            </select>
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="scenario-mode" checked={draft.scenarioMode === 'paste'} onChange={() => update({ scenarioMode: 'paste' })} data-testid="policy-paste-mode" />
            A scenario file (format 1)
          </label>
        </fieldset>
        <label className="flex items-center gap-2 text-sm text-muted">
          Seed
          <input
            className={`${field} w-32 font-mono`}
            inputMode="numeric"
            value={draft.seed}
            placeholder="the scenario's"
            onChange={(e) => update({ seed: e.target.value.replace(/\D/g, '').slice(0, 10) })}
            data-testid="policy-seed"
          />
          {!seedOk && <span className="text-oi-orange">at most 4294967295</span>}
          <span className="text-xs">(par is stored for a level&apos;s own seed only)</span>
        </label>
        {draft.scenarioMode === 'paste' && (
          <label className="flex flex-col gap-1 text-sm text-muted">
            Scenario JSON
            <textarea className={`${field} h-32 font-mono text-xs`} value={draft.pasted} onChange={(e) => update({ pasted: e.target.value })} data-testid="policy-pasted" placeholder='{"format": 1, "slug": "my-level", ...}' />
          </label>
        )}
        <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
          <legend className="mb-1 text-sm text-muted">Compare with</legend>
          {CHOOSABLE_BOTS.map((b) => (
            <label key={b} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={draft.bots.includes(b)}
                onChange={(e) => update({ bots: e.target.checked ? CHOOSABLE_BOTS.filter((x) => x === b || draft.bots.includes(x)) : draft.bots.filter((x) => x !== b) })}
              />
              {BOT_LABEL[b]}
            </label>
          ))}
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={draft.par} onChange={(e) => update({ par: e.target.checked })} />
            Par (where the level stores it)
          </label>
        </fieldset>
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className="rounded-md border border-oi-green bg-oi-green px-4 py-1.5 text-sm font-semibold text-ink hover:bg-oi-green/80 disabled:opacity-40" onClick={() => void run()} disabled={running || !target.ok || !seedOk} data-testid="policy-run">
            {running ? 'Running…' : '▶ Run'}
          </button>
          {!target.ok && <p className="text-sm text-oi-orange" data-testid="policy-scenario-error">{target.message}</p>}
          {running && <p role="status" className="text-sm text-muted">Running your policy and the bots on the server…</p>}
        </div>
        {failure && <FailureBox failure={failure} />}
      </section>

      {shown && mine && (
        <section aria-labelledby="results-heading" className="flex flex-col gap-3" data-testid="policy-results">
          <h2 id="results-heading" className="text-lg font-bold">
            {shown.response.policy.name} on {shown.response.scenario.title} <span className="text-sm font-normal text-muted">(seed {shown.response.scenario.seed})</span>
          </h2>
          {mine.fault && (
            <p role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/15 px-3 py-2 text-sm" data-testid="policy-fault">
              Your policy was stopped: <strong>{mine.fault.kind}</strong> in <code>{mine.fault.call}()</code> at tick {mine.fault.tick}: {mine.fault.message}. The run went on without it (as if no balancer ran).
            </p>
          )}
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-sm" data-testid="policy-comparison">
              <caption className="sr-only">Every balancer on the same scenario and seed; choose one to see its timeline</caption>
              <thead>
                <tr className="border-b border-line text-left text-muted">
                  <th scope="col" className="py-1 pr-3">Balancer</th>
                  <th scope="col" className="py-1 pr-3 text-right">Score</th>
                  <th scope="col" className="py-1 pr-3 text-right">Missed</th>
                  <th scope="col" className="py-1 pr-3 text-right">Wasted CPU-ticks</th>
                  <th scope="col" className="py-1 pr-3 text-right">Stranded CPU-ticks</th>
                  <th scope="col" className="py-1 pr-3 text-right">Migrations</th>
                  <th scope="col" className="py-1 pr-3">Stars</th>
                  <th scope="col" className="py-1">Timeline</th>
                </tr>
              </thead>
              <tbody>
                {shown.response.runs.map((r) => {
                  const label = runLabel(r, shown.response.policy.name);
                  const on = selectedRun?.id === r.id;
                  return (
                    <tr key={r.id} className={`border-b border-line/60 ${on ? 'bg-panel2' : ''}`} data-testid="policy-row" data-run={r.id}>
                      <th scope="row" className="py-1 pr-3 text-left font-semibold">{label}{r.fault ? ' ⚠ stopped' : ''}</th>
                      <td className="py-1 pr-3 text-right font-mono" data-testid="score">{r.figures.score}</td>
                      <td className="py-1 pr-3 text-right font-mono" data-testid="missed">{r.figures.missed}</td>
                      <td className="py-1 pr-3 text-right font-mono">{r.figures.wastedCpuTicks}</td>
                      <td className="py-1 pr-3 text-right font-mono">{r.figures.strandedCpuTicks}</td>
                      <td className="py-1 pr-3 text-right font-mono">{r.figures.migrations}</td>
                      <td className="py-1 pr-3">{r.stars === null ? <span className="text-muted">–</span> : <Stars stars={r.stars} size="text-base" />}</td>
                      <td className="py-1">
                        <button type="button" className={btn} aria-pressed={on} onClick={() => setSelected(r.id)} aria-label={`Timeline of ${label}`}>
                          Timeline
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {timeline && selectedRun && (
            <figure className="flex flex-col gap-2" data-testid="policy-timeline" data-run={selectedRun.id}>
              <figcaption className="text-sm text-muted">
                Timeline: {runLabel(selectedRun, shown.response.policy.name)}
                {selectedRun.history.cutAt !== null && ` (shown up to tick ${selectedRun.history.cutAt}: the answer's size limit; compare fewer bots to see more)`}
              </figcaption>
              <Gantt
                key={selectedRun.id}
                timeline={timeline}
                version={timeline.version}
                taskIndex={taskIndex}
                tick={shown.scenario.duration}
                duration={shown.scenario.duration}
              />
            </figure>
          )}
          {shown.response.logs.length > 0 && (
            <details className="text-sm">
              <summary className="cursor-pointer text-muted">console.log ({shown.response.logs.length} lines)</summary>
              <pre tabIndex={0} className="max-h-48 overflow-auto rounded-md border border-line bg-panel p-2 font-mono text-xs">
                {shown.response.logs.map((l) => `tick ${l.tick} ${l.call}(): ${l.line}`).join('\n')}
              </pre>
            </details>
          )}
        </section>
      )}
    </div>
  );
}

function FailureBox({ failure }: { failure: Failure }) {
  const p = failure.policy;
  return (
    <div role="alert" className="rounded border border-oi-vermillion bg-oi-vermillion/15 px-3 py-2 text-sm" data-testid="policy-error" data-code={failure.code ?? ''} data-kind={p?.kind ?? ''}>
      {p ? (
        <>
          <p className="font-semibold">
            Your code cannot run as a policy ({p.kind}){p.line !== null ? `: line ${p.line}, column ${p.column ?? 1}` : ''}.
          </p>
          <p className="font-mono text-xs">{failure.message}</p>
          {p.fault && <p>Stopped: {p.fault.kind} in {p.fault.call}(): {p.fault.message}</p>}
        </>
      ) : (
        <p>
          {failure.message}
          {failure.retryAfterSeconds ? ` (try again in ${failure.retryAfterSeconds} s)` : ''}
        </p>
      )}
    </div>
  );
}
