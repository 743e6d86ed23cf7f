'use client';

import { useMemo } from 'react';
import { Gantt } from '../components/Gantt';
import { BOT_LABEL } from '../lib/explain';
import { baselinesOf, PREVIEW_PAR_WORK, starLine, timelineFrom } from '../lib/editorPreview';
import type { PreviewState } from './usePreview';

let versions = 0;

/** The live preview: each bot's figures and timeline, and what each star asks. */
export function PreviewPanel({ preview, valid, withPar, setWithPar }: { preview: PreviewState; valid: boolean; withPar: boolean; setWithPar: (v: boolean) => void }) {
  const { scenario, runs, running, par, error } = preview;
  const taskIndex = useMemo(() => new Map((scenario?.tasks ?? []).map((t, i) => [t.id, i])), [scenario]);
  const timelines = useMemo(
    () => runs.map((r) => timelineFrom(r.timeline, { cpus: r.timeline.cpus, tasks: [] }, ++versions)),
    [runs],
  );
  const baselines = scenario ? baselinesOf(scenario, runs) : null;
  const stars = scenario && baselines && !running ? starLine(scenario, baselines, par?.score ?? null) : null;
  return (
    <section aria-labelledby="preview-title" className="flex flex-col gap-3 rounded-xl border border-line p-4" data-testid="preview" data-state={running ? 'running' : 'done'} aria-busy={running}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="preview-title" className="text-xl font-semibold">Live preview</h2>
        <label className="flex items-center gap-2 text-xs text-muted">
          <input type="checkbox" checked={withPar} onChange={(e) => setWithPar(e.target.checked)} />
          Quick par (a small search: a lower bound on the true par)
        </label>
      </div>
      <p role="status" className="text-xs text-muted">
        {!valid ? 'The preview waits for a valid scenario: fix the errors listed above.' : running ? 'Simulating every bot…' : scenario ? `Every bot on this task set, seed ${scenario.seed}, ${scenario.duration} ticks.` : 'Starting…'}
      </p>
      {error && <p role="alert" className="text-sm text-oi-orange">The preview failed: {error}</p>}
      {runs.length > 0 && (
        <table className="w-full text-sm">
          <caption className="sr-only">Each bot&apos;s result</caption>
          <thead>
            <tr className="text-left text-xs text-muted">
              <th scope="col">Bot</th><th scope="col">Score</th><th scope="col">Missed</th><th scope="col">Wasted CPU-ticks</th><th scope="col">Stranded CPU-ticks</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.bot} data-testid={`preview-${r.bot}`} className="border-t border-line">
                <th scope="row" className="py-1 text-left font-normal">{BOT_LABEL[r.bot]}{scenario && r.bot === scenario.balancer ? ' (this level\'s balancer)' : ''}</th>
                <td data-testid="score">{r.score}</td><td>{r.missed}</td><td>{r.wasted}</td><td>{r.stranded}</td>
              </tr>
            ))}
            {par && (
              <tr className="border-t border-line" data-testid="preview-par">
                <th scope="row" className="py-1 text-left font-normal">Quick par ({par.optimal ? 'proven best' : `a lower bound: a search of ${PREVIEW_PAR_WORK.toLocaleString('en')} work units`})</th>
                <td>{par.score}</td><td colSpan={3} />
              </tr>
            )}
          </tbody>
        </table>
      )}
      {stars && (
        <div data-testid="stars" className="text-sm">
          <h3 className="font-semibold">Stars on this draft</h3>
          <ul className="list-disc pl-5 text-muted">
            <li>1 star: a score above {stars.one} (never balancing, and doing nothing)</li>
            <li>2 stars: a score above {stars.two} (the better Linux bot)</li>
            <li>
              3 stars: {'score' in stars.three
                ? `a score of at least ${stars.three.score} (from the quick par: the real par may be higher)`
                : `2 stars with at most ${stars.three.maxMissed} missed deadline${stars.three.maxMissed === 1 ? '' : 's'}${stars.three.maxStranded !== null ? ` and at most ${stars.three.maxStranded} stranded CPU-ticks` : ''} (the goals; par is unknown for a new level)`}
            </li>
          </ul>
        </div>
      )}
      {scenario && runs.map((r, i) => (
        <figure key={r.bot} className="flex flex-col gap-1">
          <figcaption className="text-xs text-muted">{BOT_LABEL[r.bot]}: timeline</figcaption>
          <Gantt timeline={timelines[i]} version={timelines[i].version} taskIndex={taskIndex} tick={scenario.duration} duration={scenario.duration} windowTicks={scenario.duration} zoomable={false} />
        </figure>
      ))}
    </section>
  );
}
