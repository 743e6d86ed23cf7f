'use client';

import { useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { ruleText } from '../lib/explain';
import { MARK, taskColour } from '../lib/palette';
import type { Marker, Timeline } from '../lib/timeline';

export interface GanttProps {
  timeline: Timeline;
  /** Bumped whenever the timeline changed (timeline.version). */
  version: number;
  /** Task id -> index in the scenario, for colours. */
  taskIndex: ReadonlyMap<string, number>;
  /** The cursor: ticks run so far (the replay's position). */
  tick: number;
  duration: number;
  /** Visible ticks; the view follows the cursor. Defaults to the whole run when it is short. */
  windowTicks?: number;
  /** Clicking the chart reports the tick under the pointer (replay scrubbing). */
  onSeek?: (tick: number) => void;
  /** Draw only what happened before the cursor (a recorded run shown as if live). */
  hideFuture?: boolean;
}

const ROW = 18;
const TOP = 22; // deadline / miss strip
const LEFT = 44;
const RIGHT = 14;
const AXIS = 16;

interface Hit { x: number; y: number; text: string }

/**
 * The scrolling timeline: one row per CPU, a span per task run (task colour, id when
 * wide enough), MD stretches hatched, preemptions (pink notch), migrations (arrows:
 * blue for the player, orange for the kernel with the rule's tag), releases (grey
 * tick), deadlines (yellow flag) and misses (vermillion X) on the top strip. Drawn on
 * a <canvas>: thousands of spans stay cheap with 16 CPUs and 64 tasks.
 */
export function Gantt(p: GanttProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [tip, setTip] = useState<Hit | null>(null);
  const hits = useRef<Hit[]>([]);
  const height = TOP + p.timeline.cpus * ROW + AXIS;
  const span = Math.min(p.duration, p.windowTicks ?? (p.duration <= 400 ? p.duration : 200));
  // Follow the cursor, keeping some room ahead of it.
  const start = Math.max(0, Math.min(p.duration - span, p.tick - Math.floor(span * 0.8)));

  useEffect(() => {
    const el = wrapRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 800);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const hatch = useMemo(() => {
    if (typeof document === 'undefined') return null;
    const c = document.createElement('canvas');
    c.width = 6;
    c.height = 6;
    const g = c.getContext('2d');
    if (!g) return null;
    g.strokeStyle = 'rgba(0,0,0,0.65)';
    g.lineWidth = 1.5;
    g.beginPath();
    g.moveTo(0, 6);
    g.lineTo(6, 0);
    g.stroke();
    return c;
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = typeof window !== 'undefined' ? Math.min(2, window.devicePixelRatio || 1) : 1;
    canvas.width = Math.floor(width * dpr);
    canvas.height = Math.floor(height * dpr);
    const g = canvas.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    const tl = p.timeline;
    const plotW = Math.max(10, width - LEFT - RIGHT);
    const px = plotW / Math.max(1, span);
    const x = (t: number) => LEFT + (t - start) * px;
    const end = start + span;
    const rowY = (cpu: number) => TOP + cpu * ROW;
    const newHits: Hit[] = [];
    // Deadline labels are skipped where they would overlap the previous one (the flag stays).
    let lastLabelX = -Infinity;

    // Rows and axis.
    g.font = '10px ui-monospace, monospace';
    g.textBaseline = 'middle';
    for (let c = 0; c < tl.cpus; c++) {
      g.fillStyle = c % 2 ? '#131a26' : '#161f2d';
      g.fillRect(LEFT, rowY(c), plotW, ROW);
      g.fillStyle = '#93a0b5';
      g.fillText(`CPU${c}`, 2, rowY(c) + ROW / 2);
    }
    const stepT = span <= 60 ? 10 : span <= 200 ? 20 : span <= 600 ? 50 : 100;
    g.fillStyle = '#93a0b5';
    g.strokeStyle = '#2a3548';
    g.lineWidth = 1;
    for (let t = Math.ceil(start / stepT) * stepT; t <= end; t += stepT) {
      g.beginPath();
      g.moveTo(x(t) + 0.5, TOP);
      g.lineTo(x(t) + 0.5, TOP + tl.cpus * ROW);
      g.stroke();
      g.fillText(String(t), x(t) - 6, TOP + tl.cpus * ROW + AXIS / 2 + 2);
    }

    // Spans (a recorded timeline may be cut at the cursor).
    const now = p.hideFuture ? Math.min(tl.ticks, p.tick) : tl.ticks;
    for (let c = 0; c < tl.cpus; c++) {
      const lane = tl.spans[c];
      // Spans are in start order: skip those that ended before the window.
      for (let i = lane.length - 1; i >= 0; i--) {
        const s = lane[i];
        const sEnd = Math.min(s.end ?? now, now);
        if (s.start >= now || s.start > end) continue;
        if (sEnd < start) break;
        const x0 = x(Math.max(s.start, start));
        const x1 = x(Math.min(sEnd, end));
        if (x1 - x0 < 0.5) continue;
        g.fillStyle = taskColour(p.taskIndex.get(s.task) ?? 0);
        g.fillRect(x0, rowY(c) + 2, x1 - x0, ROW - 4);
        if (x1 - x0 > 22) {
          g.fillStyle = '#0b0f17';
          g.fillText(s.task, x0 + 3, rowY(c) + ROW / 2);
        }
      }
    }
    // Migrate-disabled stretches, hatched where the task actually ran inside them
    // (a preempted pinned task's section goes on, but its CPU runs something else).
    if (hatch) {
      const pat = g.createPattern(hatch, 'repeat');
      if (pat) {
        g.fillStyle = pat;
        for (const m of tl.md) {
          const mEnd = Math.min((m.end ?? now - 1) + 1, now);
          if (mEnd <= m.start || mEnd < start || m.start > end) continue;
          const lane = tl.spans[m.cpu];
          if (!lane) continue;
          for (let i = lane.length - 1; i >= 0; i--) {
            const sp = lane[i];
            const spEnd = Math.min(sp.end ?? now, now);
            if (spEnd <= m.start) break;
            if (sp.task !== m.task || sp.start >= mEnd) continue;
            const a0 = Math.max(sp.start, m.start, start);
            const a1 = Math.min(spEnd, mEnd, end);
            if (a1 > a0) g.fillRect(x(a0), rowY(m.cpu) + 2, Math.max(1, x(a1) - x(a0)), ROW - 4);
          }
        }
      }
    }
    // Stranded ticks: a vermillion underline on the idle CPUs' rows.
    g.fillStyle = MARK.stranded;
    // Strands and markers are recorded in tick order: walk back from the newest and stop before the window.
    for (let i = tl.strands.length - 1; i >= 0; i--) {
      const s = tl.strands[i];
      if (s.tick < start) break;
      if (s.tick > end || s.tick >= now) continue;
      for (const c of s.idle) g.fillRect(x(s.tick), rowY(c) + ROW - 3, Math.max(1, px), 2);
    }

    // Markers.
    const drawMarker = (m: Marker) => {
      if (m.tick > end || m.tick >= now) return;
      if (m.tick < start - 1 && m.kind !== 'release') return;
      const mx = x(m.tick);
      switch (m.kind) {
        case 'release': {
          if (m.tick >= start) {
            g.strokeStyle = MARK.release;
            g.beginPath();
            g.moveTo(mx + 0.5, rowY(m.cpu));
            g.lineTo(mx + 0.5, rowY(m.cpu) + 5);
            g.stroke();
          }
          if (m.deadline >= start && m.deadline <= end) {
            const dx = x(m.deadline);
            g.fillStyle = MARK.deadline;
            g.beginPath();
            g.moveTo(dx, 4);
            g.lineTo(dx + 6, 7);
            g.lineTo(dx, 10);
            g.closePath();
            g.fill();
            g.fillRect(dx, 4, 1, 14);
            if (dx > lastLabelX + 26 || dx < lastLabelX) {
              g.fillText(m.task, dx + 7, 14);
              lastLabelX = dx;
            }
            newHits.push({ x: dx, y: 10, text: `Deadline of ${m.task} (released at tick ${m.tick}) at tick ${m.deadline}` });
          }
          break;
        }
        case 'miss': {
          g.strokeStyle = MARK.miss;
          g.lineWidth = 2;
          g.beginPath();
          g.moveTo(mx - 4, 2); g.lineTo(mx + 4, 10);
          g.moveTo(mx + 4, 2); g.lineTo(mx - 4, 10);
          g.stroke();
          g.lineWidth = 1;
          newHits.push({ x: mx, y: 6, text: `Tick ${m.tick}: ${m.task} missed its deadline (${m.deadline})` });
          break;
        }
        case 'preempt': {
          g.fillStyle = MARK.preempt;
          g.beginPath();
          g.moveTo(mx, rowY(m.cpu));
          g.lineTo(mx + 5, rowY(m.cpu));
          g.lineTo(mx, rowY(m.cpu) + 6);
          g.closePath();
          g.fill();
          newHits.push({ x: mx, y: rowY(m.cpu) + 3, text: `Tick ${m.tick}: ${m.by} preempted ${m.task} on CPU ${m.cpu}` });
          break;
        }
        case 'migrate': {
          const colour = m.who === 'player' ? MARK.player : MARK.bot;
          const y0 = rowY(m.from) + ROW / 2;
          const y1 = rowY(m.to) + ROW / 2;
          g.strokeStyle = colour;
          g.fillStyle = colour;
          g.lineWidth = 2;
          g.beginPath();
          g.moveTo(mx, y0);
          g.lineTo(mx, y1);
          g.stroke();
          const dir = y1 > y0 ? 1 : -1;
          g.beginPath();
          g.moveTo(mx - 4, y1 - dir * 5);
          g.lineTo(mx + 4, y1 - dir * 5);
          g.lineTo(mx, y1);
          g.closePath();
          g.fill();
          g.lineWidth = 1;
          const tag = m.who === 'player' ? (m.player ?? 'you') : (m.rule ?? 'bot');
          g.font = 'bold 9px ui-monospace, monospace';
          const tw = g.measureText(tag).width + 4;
          g.fillRect(mx + 3, y1 - 6, tw, 11);
          g.fillStyle = '#0b0f17';
          g.fillText(tag, mx + 5, y1);
          g.font = '10px ui-monospace, monospace';
          const why = m.who === 'player' ? `moved by ${m.player ?? 'the player'}` : `kernel rule ${m.rule}: ${ruleText(m.rule ?? '')}`;
          newHits.push({ x: mx, y: y1, text: `Tick ${m.tick}: ${m.task} CPU ${m.from} → CPU ${m.to}, ${why}` });
          break;
        }
        case 'refused': {
          g.strokeStyle = MARK.miss;
          g.strokeRect(mx - 3, rowY(Math.min(m.cpu, tl.cpus - 1)) + 5, 6, 6);
          break;
        }
        default:
          break;
      }
    };
    // Releases up to a window back still matter: their deadline flags may fall inside the window.
    let first = tl.markers.length;
    while (first > 0 && tl.markers[first - 1].tick >= start - span) first--;
    for (let i = first; i < tl.markers.length; i++) drawMarker(tl.markers[i]);

    // Cursor.
    if (p.tick >= start && p.tick <= end) {
      g.fillStyle = '#e8edf5';
      g.fillRect(x(p.tick), TOP - 2, 2, tl.cpus * ROW + 4);
    }
    hits.current = newHits;
  }, [p.version, p.tick, p.timeline, p.taskIndex, p.hideFuture, width, height, span, start, hatch]);

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const mx = e.clientX - r.left;
    const my = e.clientY - r.top;
    let best: Hit | null = null;
    let bestD = 64;
    for (const h of hits.current) {
      const d = (h.x - mx) ** 2 + (h.y - my) ** 2;
      if (d < bestD) { best = h; bestD = d; }
    }
    setTip(best);
  };

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    if (!p.onSeek) return;
    const r = e.currentTarget.getBoundingClientRect();
    const plotW = Math.max(10, width - LEFT - RIGHT);
    const t = start + ((e.clientX - r.left - LEFT) / plotW) * span;
    p.onSeek(Math.max(0, Math.min(p.duration, Math.round(t))));
  };

  return (
    <div ref={wrapRef} className="relative w-full">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Timeline of ticks ${start} to ${start + span}, one row per CPU. The same events are listed as text below.`}
        style={{ width: '100%', height }}
        onMouseMove={onMove}
        onMouseLeave={() => setTip(null)}
        onClick={onClick}
        className={p.onSeek ? 'cursor-pointer' : undefined}
      />
      {tip && (
        <div
          role="tooltip"
          className="pointer-events-none absolute z-20 max-w-xs rounded bg-black/90 px-2 py-1 text-xs text-fg shadow"
          style={{ left: Math.min(tip.x + 8, Math.max(0, width - 260)), top: tip.y + 10 }}
        >
          {tip.text}
        </div>
      )}
    </div>
  );
}

export function GanttLegend() {
  const item = (swatch: ReactNode, text: string) => (
    <li className="flex items-center gap-1.5">{swatch}<span>{text}</span></li>
  );
  return (
    <ul aria-label="Timeline legend" className="flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-muted">
      {item(<span className="md-hatch inline-block h-3 w-5 rounded-sm bg-oi-orange" />, 'migrate_disable() section (hatched)')}
      {item(<span className="inline-block h-3 w-0.5 bg-oi-yellow" />, 'deadline ▸')}
      {item(<span className="font-bold text-oi-vermillion">✕</span>, 'missed deadline')}
      {item(<span className="text-oi-purple">◤</span>, 'preemption')}
      {item(<span className="font-bold text-oi-sky">↓ you</span>, 'your move')}
      {item(<span className="font-bold text-oi-orange">↓ R5</span>, 'kernel move and rule (hover)')}
      {item(<span className="inline-block h-0.5 w-5 bg-oi-vermillion" />, 'CPU idle while a pinned task waited')}
    </ul>
  );
}
