'use client';

import type { BotName } from '../../server/engine';
import { BOT_LABEL } from '../lib/explain';
import type { ParView } from '../lib/verdict';
import type { LiveStats } from '../lib/viewModel';

export interface ScoreBarProps {
  stats: LiveStats;
  tick: number;
  duration: number;
  /** The bots' final scores on the same scenario and seed (what you are measured against). */
  baselines?: Partial<Record<BotName, number>> | null;
  /** Par (the best score known), its bound when not proven, and the score 3 stars need. */
  par?: ParView | null;
}

const SHOWN_BOTS: BotName[] = ['sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global'];

export function ScoreBar({ stats, tick, duration, baselines, par }: ScoreBarProps) {
  const stat = (label: string, value: number | string, tone = 'text-fg', testId?: string, title?: string) => (
    <div className="flex flex-col" {...(title ? { title } : {})}>
      <dt className={`text-[10px] uppercase tracking-wide text-muted ${title ? 'cursor-help underline decoration-dotted' : ''}`}>{label}</dt>
      <dd className={`font-mono text-lg font-bold leading-tight ${tone}`} {...(testId ? { 'data-testid': testId } : {})}>{value}</dd>
    </div>
  );
  return (
    <section aria-label="Score" className="flex flex-wrap items-end gap-x-6 gap-y-2 rounded-lg border border-line bg-panel px-4 py-2">
      <dl className="flex flex-wrap items-end gap-x-6 gap-y-2">
        {stat('tick', `${tick}/${duration}`, 'text-fg', 'tick')}
        {stat('met', stats.met, 'text-oi-green', 'met')}
        {stat('missed', stats.missed, stats.missed ? 'text-oi-vermillion' : 'text-fg', 'missed')}
        {stat('stranded CPU·ticks', stats.stranded, stats.stranded ? 'text-oi-orange' : 'text-fg', 'stranded',
          'A CPU idled while a pinned (migrate-disabled) task that may run there waited elsewhere. Costs a point each.')}
        {stat('wasted CPU·ticks', stats.wasted, stats.wasted ? 'text-oi-orange' : 'text-fg', 'wasted',
          'A CPU idled while any waiting task that may run there waited, whatever kept it: a pin, a non-preemptible section, or no balancer moving it. Includes the stranded ones; not scored.')}
        {stat('score', stats.score, 'text-oi-yellow', 'score')}
      </dl>
      {baselines && (
        <dl aria-label="Bots' final scores on this scenario" className="ml-auto flex flex-wrap gap-x-4 gap-y-1 text-xs">
          {SHOWN_BOTS.filter((b) => baselines[b] !== undefined).map((b) => (
            <div key={b} className="flex flex-col" title={`${BOT_LABEL[b]}: final score playing alone`}>
              <dt className="text-[10px] text-muted">{BOT_LABEL[b]}</dt>
              <dd className="font-mono font-semibold">{baselines[b]}</dd>
            </div>
          ))}
          {par && (
            <>
              <div className="flex flex-col" title="Par: the best score known for this level, found by an offline search that knows every wakeup in advance" data-testid="par">
                <dt className="text-[10px] text-muted">par</dt>
                <dd className="font-mono font-semibold text-oi-sky">{par.par.score}</dd>
              </div>
              {!par.par.optimal && (
                <div className="flex flex-col" title="No run can score more than this bound; par is not proven optimal">
                  <dt className="text-[10px] text-muted">bound</dt>
                  <dd className="font-mono font-semibold">{par.par.bound}</dd>
                </div>
              )}
              <div className="flex flex-col" title="The lowest score that earns 3 stars">
                <dt className="text-[10px] text-muted">★★★ from</dt>
                <dd className="font-mono font-semibold text-oi-yellow" data-testid="three-stars">{par.threeStars}</dd>
              </div>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
