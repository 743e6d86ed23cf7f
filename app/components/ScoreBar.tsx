'use client';

import type { BotName } from '../../server/engine';
import { BOT_LABEL } from '../lib/explain';
import type { LiveStats } from '../lib/viewModel';

export interface ScoreBarProps {
  stats: LiveStats;
  tick: number;
  duration: number;
  /** The bots' final scores on the same scenario and seed (what you are measured against). */
  baselines?: Partial<Record<BotName, number>> | null;
}

const SHOWN_BOTS: BotName[] = ['sticky', 'linux-rt-lazy', 'linux-rt-511', 'global-ideal'];

export function ScoreBar({ stats, tick, duration, baselines }: ScoreBarProps) {
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
        </dl>
      )}
    </section>
  );
}
