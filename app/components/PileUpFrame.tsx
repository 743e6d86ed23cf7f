import type { ReactNode } from 'react';

/**
 * The landing demo's layout without the simulation (no engine import): the live demo
 * (PileUpDemo) draws into it, and the page shows it empty, at tick 0, until the demo's
 * code has loaded after the page (PileUpDemoLazy).
 */
export const DEMO_PANELS = [
  { label: 'Linux 5.11 alone: the pile-up on CPU 0', tone: 'text-oi-orange' },
  { label: 'A player who moves each waker away', tone: 'text-oi-sky' },
] as const;

export function DemoPanel(p: { label: string; tone: string; met: number; missed: number; stranded: number; children: ReactNode }) {
  return (
    <figure className="min-w-0 flex-1 rounded-lg border border-line bg-panel p-3">
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className={`font-semibold ${p.tone}`}>{p.label}</span>
        <span className="font-mono text-xs text-muted">
          met <span className="text-oi-green">{p.met}</span> · missed <span className="text-oi-vermillion">{p.missed}</span> · stranded <span className="text-oi-orange">{p.stranded}</span>
        </span>
      </figcaption>
      {p.children}
    </figure>
  );
}

export function DemoFrame(p: { panels: ReactNode; playing: boolean; onToggle?: () => void; tick: number; duration: number }) {
  return (
    <div className="flex flex-col gap-2" data-testid="pileup-demo">
      <div className="flex flex-col gap-3 lg:flex-row">{p.panels}</div>
      <div className="flex items-center gap-3 text-xs text-muted">
        <button type="button" className="rounded border border-line bg-panel2 px-2 py-1 text-fg disabled:opacity-60" onClick={p.onToggle} disabled={!p.onToggle}>
          {p.playing ? '❚❚ Pause demo' : '▶ Play demo'}
        </button>
        <span>Tick {p.tick}/{p.duration}. Hatched: inside migrate_disable(). Red underline: a CPU idles while a pinned task waits.</span>
      </div>
    </div>
  );
}
