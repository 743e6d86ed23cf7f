'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { BotName } from '../../server/engine';
import { BOT_LABEL } from '../lib/explain';
import {
  accumulateCells, DEFAULT_LAB, figures, LAB_BOTS, LAB_LIMITS, labCsv, labJobs, runLabJob, type LabCell, type LabParams,
} from '../lib/lab';

/**
 * Okabe–Ito colours, plus a dash pattern and a marker shape each, so colour is never the
 * only cue; a variant of a Linux model keeps its model's colour with its own dash and marker.
 */
const BOT_STYLE: Record<string, { colour: string; dash: string; marker: 'circle' | 'square' | 'diamond' | 'triangle' }> = {
  sticky: { colour: '#E69F00', dash: '6 3', marker: 'square' },
  'linux-rt-lazy': { colour: '#CC79A7', dash: '2 3', marker: 'triangle' },
  'linux-rt-511': { colour: '#56B4E9', dash: '', marker: 'circle' },
  'greedy-global': { colour: '#009E73', dash: '10 3 2 3', marker: 'diamond' },
  'linux-rt-eager': { colour: '#CC79A7', dash: '1 2', marker: 'square' },
  'proactive-wake': { colour: '#0072B2', dash: '', marker: 'triangle' },
  shift: { colour: '#D55E00', dash: '4 2', marker: 'diamond' },
  'boost-pinned': { colour: '#F0E442', dash: '8 2 2 2', marker: 'circle' },
  'nr-pinned-aware': { colour: '#56B4E9', dash: '3 3', marker: 'square' },
};

type Metric = 'missPct' | 'strandedPerK' | 'wastedPerK' | 'inversionPerK' | 'migrationsPerK';
const METRICS: { key: Metric; label: string }[] = [
  { key: 'missPct', label: 'Missed deadlines (%)' },
  { key: 'strandedPerK', label: 'Stranded CPU-ticks per 1,000' },
  { key: 'wastedPerK', label: 'Wasted CPU-ticks per 1,000 (idle while any allowed task waited)' },
  { key: 'inversionPerK', label: 'Inversion ticks per 1,000' },
  { key: 'migrationsPerK', label: 'Migrations per 1,000 CPU-ticks' },
];

function clampInt(v: string, [lo, hi]: readonly [number, number], fallback: number): number {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
}

export function LabClient() {
  const [params, setParams] = useState<LabParams>(DEFAULT_LAB);
  const [cells, setCells] = useState<LabCell[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [metric, setMetric] = useState<Metric>('missPct');
  const cancel = useRef(false);

  useEffect(() => () => {
    cancel.current = true;
  }, []);

  const run = useCallback(() => {
    const jobs = labJobs(params);
    cancel.current = false;
    setCells([]);
    setProgress({ done: 0, total: jobs.length });
    let totals: LabCell[] = [];
    let i = 0;
    // One task set per macrotask keeps the page responsive while the batch runs.
    const next = () => {
      if (cancel.current) {
        setProgress(null);
        return;
      }
      if (i >= jobs.length) {
        setProgress(null);
        return;
      }
      totals = accumulateCells(totals, runLabJob(params, jobs[i++]));
      setCells(totals);
      setProgress({ done: i, total: jobs.length });
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  }, [params]);

  const csvHref = cells.length > 0 ? `data:text/csv;charset=utf-8,${encodeURIComponent(labCsv(cells))}` : null;
  const running = progress !== null;

  return (
    <div className="flex flex-col gap-5">
      <form
        className="grid gap-3 rounded-lg border border-line bg-panel p-4 sm:grid-cols-3 lg:grid-cols-6"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) run();
        }}
      >
        <NumberField label="CPUs" range={LAB_LIMITS.cpus} value={params.cpus} disabled={running} onChange={(cpus) => setParams({ ...params, cpus })} />
        <NumberField label="Tasks" range={LAB_LIMITS.tasks} value={params.tasks} disabled={running} onChange={(tasks) => setParams({ ...params, tasks })} />
        <NumberField label="Utilisation (%)" range={[10, 100]} step={5} value={Math.round(params.utilisation * 100)} disabled={running}
          onChange={(pct) => setParams({ ...params, utilisation: pct / 100 })} />
        <NumberField label="Task sets per share" range={LAB_LIMITS.sets} value={params.sets} disabled={running} onChange={(sets) => setParams({ ...params, sets })} />
        <NumberField label="Ticks per run" range={LAB_LIMITS.duration} step={100} value={params.duration} disabled={running}
          onChange={(duration) => setParams({ ...params, duration })} />
        <div className="flex items-end gap-2">
          {running ? (
            <button type="button" onClick={() => { cancel.current = true; }} className="rounded-lg border border-line bg-panel2 px-4 py-2 font-semibold">Stop</button>
          ) : (
            <button type="submit" className="rounded-lg bg-oi-green px-4 py-2 font-semibold text-ink">Run the batch</button>
          )}
        </div>
        <p className="text-xs text-muted sm:col-span-3 lg:col-span-6">
          Shares of jobs with a migrate_disable() section: {params.mdShares.map((s) => `${Math.round(s * 100)}%`).join(', ')}.
          Each set runs under {LAB_BOTS.length} balancers: {labJobs(params).length * LAB_BOTS.length} simulations in all.
        </p>
      </form>

      {progress && (
        <div role="status" aria-live="polite" className="text-sm text-muted" data-testid="lab-progress">
          Running: {progress.done} of {progress.total} task sets
          <progress className="ml-3 align-middle" max={progress.total} value={progress.done} />
        </div>
      )}

      {cells.length === 0 && !progress && (
        <p className="rounded-lg border border-dashed border-line p-4 text-sm text-muted">
          No results yet: choose a machine and run the batch. A few seconds for the defaults.
        </p>
      )}

      {cells.length > 0 && (
        <section aria-labelledby="lab-results" className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="lab-results" className="text-xl font-bold">Results</h2>
            <div className="flex items-center gap-3">
              <label className="text-sm">
                Chart{' '}
                <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} className="rounded border border-line bg-panel2 px-2 py-1">
                  {METRICS.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
                </select>
              </label>
              {csvHref && <a href={csvHref} download="lab-results.csv" className="text-sm text-oi-sky underline">Download CSV</a>}
            </div>
          </div>
          <LabChart cells={cells} metric={metric} shares={params.mdShares} />
          <LabTable cells={cells} />
        </section>
      )}
    </div>
  );
}

/** A whole-number input kept within its range (an unparsable entry keeps the current value). */
function NumberField(p: { label: string; range: readonly [number, number]; step?: number; value: number; disabled: boolean; onChange: (v: number) => void }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      {p.label}
      <input type="number" min={p.range[0]} max={p.range[1]} step={p.step ?? 1} value={p.value} disabled={p.disabled}
        onChange={(e) => p.onChange(clampInt(e.target.value, p.range, p.value))}
        className="rounded border border-line bg-panel2 px-2 py-1" />
    </label>
  );
}

function LabChart({ cells, metric, shares }: { cells: LabCell[]; metric: Metric; shares: number[] }) {
  const W = 640, H = 280, L = 56, R = 16, T = 16, B = 40;
  const label = METRICS.find((m) => m.key === metric)!.label;
  const values = cells.map((c) => figures(c)[metric]);
  const maxY = Math.max(1e-9, ...values) * 1.1;
  const x = (share: number) => L + (shares.length > 1 ? ((share - shares[0]) / (shares[shares.length - 1] - shares[0] || 1)) * (W - L - R) : (W - L - R) / 2);
  const y = (v: number) => T + (1 - v / maxY) * (H - T - B);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxY);
  return (
    <figure className="overflow-x-auto rounded-lg border border-line bg-panel p-3">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label} by share of jobs with a migrate_disable() section, one line per balancer; the table below has the same figures`} className="w-full max-w-3xl">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} stroke="#2a3242" />
            <text x={L - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#93a0b5">{v >= 10 ? v.toFixed(0) : v.toFixed(1)}</text>
          </g>
        ))}
        {shares.map((s) => (
          <text key={s} x={x(s)} y={H - B + 16} textAnchor="middle" fontSize="11" fill="#93a0b5">{Math.round(s * 100)}%</text>
        ))}
        <text x={(L + W - R) / 2} y={H - 6} textAnchor="middle" fontSize="11" fill="#93a0b5">share of jobs with a migrate_disable() section</text>
        {LAB_BOTS.map((bot) => {
          const st = BOT_STYLE[bot];
          const pts = shares
            .map((s) => cells.find((c) => c.bot === bot && c.mdShare === s))
            .filter((c): c is LabCell => !!c)
            .map((c) => ({ px: x(c.mdShare), py: y(figures(c)[metric]) }));
          return (
            <g key={bot}>
              <polyline points={pts.map((p) => `${p.px},${p.py}`).join(' ')} fill="none" stroke={st.colour} strokeWidth="2" strokeDasharray={st.dash} />
              {pts.map((p, i) => <Marker key={i} shape={st.marker} x={p.px} y={p.py} colour={st.colour} />)}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs">
        {LAB_BOTS.map((bot) => (
          <span key={bot} className="flex items-center gap-1">
            <svg width="28" height="10" aria-hidden="true">
              <line x1="0" x2="28" y1="5" y2="5" stroke={BOT_STYLE[bot].colour} strokeWidth="2" strokeDasharray={BOT_STYLE[bot].dash} />
            </svg>
            {BOT_LABEL[bot]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function Marker({ shape, x, y, colour }: { shape: 'circle' | 'square' | 'diamond' | 'triangle'; x: number; y: number; colour: string }) {
  if (shape === 'circle') return <circle cx={x} cy={y} r="4" fill={colour} />;
  if (shape === 'square') return <rect x={x - 4} y={y - 4} width="8" height="8" fill={colour} />;
  if (shape === 'diamond') return <polygon points={`${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}`} fill={colour} />;
  return <polygon points={`${x},${y - 5} ${x + 5},${y + 4} ${x - 5},${y + 4}`} fill={colour} />;
}

function LabTable({ cells }: { cells: LabCell[] }) {
  const shares = [...new Set(cells.map((c) => c.mdShare))].sort((a, b) => a - b);
  return (
    // relative: the sr-only header text is absolutely placed; without a positioned scroller it escapes it and widens the page on a phone.
    // A tab stop, so the table can be scrolled sideways from the keyboard where it is wider than the screen.
    <div role="region" aria-label="Results table" tabIndex={0} className="relative overflow-x-auto rounded-lg border border-line">
      <table className="w-full text-left text-sm" data-testid="lab-table">
        <caption className="bg-panel px-3 py-2 text-left font-semibold">Per share of MD jobs and balancer (sums over the task sets; rates per 1,000 CPU-ticks)</caption>
        <thead className="bg-panel2 text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-3 py-2">MD share</th>
            <th scope="col" className="px-3 py-2">Balancer</th>
            <th scope="col" className="px-3 py-2 text-right">Sets</th>
            <th scope="col" className="px-3 py-2 text-right">Missed</th>
            <th scope="col" className="px-3 py-2 text-right">Missed %</th>
            <th scope="col" className="px-3 py-2 text-right">Stranded</th>
            <th scope="col" className="px-3 py-2 text-right" title="CPU-ticks a CPU idled while a waiting task allowed there waited, pinned or not (includes stranded)">Wasted</th>
            <th scope="col" className="px-3 py-2 text-right">Inversion</th>
            <th scope="col" className="px-3 py-2 text-right">Migrations</th>
          </tr>
        </thead>
        <tbody>
          {shares.flatMap((share) => LAB_BOTS.map((bot: BotName) => {
            const c = cells.find((x) => x.mdShare === share && x.bot === bot);
            if (!c) return null;
            const f = figures(c);
            return (
              <tr key={`${share}-${bot}`} className="border-t border-line" data-testid="lab-row" data-bot={bot} data-share={share}>
                <td className="px-3 py-1.5">{Math.round(share * 100)}%</td>
                <td className="px-3 py-1.5">{BOT_LABEL[bot]}</td>
                <td className="px-3 py-1.5 text-right">{c.sets}</td>
                <td className="px-3 py-1.5 text-right">{c.missed}</td>
                <td className="px-3 py-1.5 text-right" data-testid="miss-pct">{f.missPct.toFixed(1)}</td>
                <td className="px-3 py-1.5 text-right" data-testid="stranded">{f.strandedPerK.toFixed(1)}</td>
                <td className="px-3 py-1.5 text-right" data-testid="wasted">{f.wastedPerK.toFixed(1)}</td>
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
