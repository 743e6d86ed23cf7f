'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { ruleText } from '../lib/explain';
import {
  axisStep, clampSpan, clampStart, defaultSpan, followStart, LabelPlacer, pan, zoomAround, type GanttWindow,
} from '../lib/ganttView';
import { MARK, taskColour } from '../lib/palette';
import type { Marker, Span, Timeline } from '../lib/timeline';

export interface GanttProps {
  timeline: Timeline;
  /** Bumped whenever the timeline changed (timeline.version). */
  version: number;
  /** Task id -> index in the scenario, for colours. */
  taskIndex: ReadonlyMap<string, number>;
  /** The cursor: ticks run so far (the replay's position). */
  tick: number;
  duration: number;
  /** Visible ticks at first; the view follows the cursor. Defaults to the whole run when it is short. */
  windowTicks?: number;
  /** Clicking the chart reports the tick under the pointer (replay scrubbing). */
  onSeek?: (tick: number) => void;
  /** Draw only what happened before the cursor (a recorded run shown as if live). */
  hideFuture?: boolean;
  /** Zoom and pan (toolbar, wheel, drag, keys); off for the landing page's demo. Default on. */
  zoomable?: boolean;
}

const TOP = 22; // deadline / miss strip
const LEFT = 44;
const RIGHT = 14;
const AXIS = 16;
/** Row height: compact beyond 8 CPUs, so 16 CPUs fit on a laptop screen beside the lanes. */
const rowHeight = (cpus: number) => (cpus > 8 ? 13 : 18);

interface Hit { x: number; y: number; text: string }

/** The span of a lane covering `tick`, by binary search (spans are in start order and do not overlap). */
function spanAt(lane: readonly Span[], tick: number, now: number): Span | null {
  let lo = 0;
  let hi = lane.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = lane[mid];
    if (s.start > tick) hi = mid - 1;
    else if ((s.end ?? now) <= tick) lo = mid + 1;
    else return s;
  }
  return null;
}

/**
 * The timeline: one row per CPU, a span per task run (task colour, id when wide
 * enough), MD stretches hatched, preemptions (pink notch), migrations (arrows: blue
 * for the player, orange for the kernel with the rule's tag), releases (grey tick),
 * deadlines (yellow flag) and misses (vermillion X) on the top strip. Drawn on a
 * <canvas>: thousands of spans stay cheap with 16 CPUs and 64 tasks.
 *
 * Zoom and pan: the wheel zooms around the pointer (shift or a sideways wheel pans),
 * dragging pans, and with the chart focused the arrow keys pan, + and − zoom, Home
 * goes to the start and End follows the cursor again. The window follows the cursor
 * until the player pans. Labels are placed only where they overlap nothing; a hidden
 * one is still in the tooltip (hover) and the text log below.
 */
export function Gantt(p: GanttProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [tip, setTip] = useState<Hit | null>(null);
  const hits = useRef<Hit[]>([]);
  const zoomable = p.zoomable ?? true;
  const ROW = rowHeight(p.timeline.cpus);
  const height = TOP + p.timeline.cpus * ROW + AXIS;
  const [view, setView] = useState<{ span: number; start: number; follow: boolean }>(() => ({ span: defaultSpan(p.duration, p.windowTicks), start: 0, follow: true }));
  const span = clampSpan(view.span, p.duration);
  const start = view.follow ? followStart(p.tick, span, p.duration) : clampStart(view.start, span, p.duration);
  const plotW = Math.max(10, width - LEFT - RIGHT);
  const win: GanttWindow = useMemo(() => ({ start, span }), [start, span]);
  const winRef = useRef(win);
  winRef.current = win;

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
    const px = plotW / Math.max(1, span);
    const x = (t: number) => LEFT + (t - start) * px;
    const end = start + span;
    const rowY = (cpu: number) => TOP + cpu * ROW;
    const newHits: Hit[] = [];
    const labels = new LabelPlacer(ROW);
    const font = ROW < 16 ? 9 : 10;

    // Rows and axis.
    g.font = `${font}px ui-monospace, monospace`;
    g.textBaseline = 'middle';
    for (let c = 0; c < tl.cpus; c++) {
      g.fillStyle = c % 2 ? '#131a26' : '#161f2d';
      g.fillRect(LEFT, rowY(c), plotW, ROW);
      g.fillStyle = '#93a0b5';
      g.fillText(`CPU${c}`, 2, rowY(c) + ROW / 2);
    }
    const stepT = axisStep(span, plotW);
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

    // Spans (a recorded timeline may be cut at the cursor). An id is written only where it fits whole
    // and no marker's label is in the way (they are placed after the markers' labels, below).
    const spanLabels: { x: number; y: number; w: number; text: string }[] = [];
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
        g.fillRect(x0, rowY(c) + 1, Math.max(1, x1 - x0 - (x1 - x0 > 3 ? 1 : 0)), ROW - 2);
        const tw = g.measureText(s.task).width;
        if (x1 - x0 > tw + 5) spanLabels.push({ x: x0 + 3, y: rowY(c) + ROW / 2, w: tw, text: s.task });
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
            if (a1 > a0) g.fillRect(x(a0), rowY(m.cpu) + 1, Math.max(1, x(a1) - x(a0)), ROW - 2);
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

    // Markers. Shapes first, newest last; labels go through the placer so none overlaps another.
    const tagFont = `bold ${font - 1}px ui-monospace, monospace`;
    const pending: { x: number; y: number; text: string; colour: string; dark: boolean }[] = [];
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
            g.lineTo(mx + 0.5, rowY(m.cpu) + Math.min(5, ROW / 3));
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
            labels.block(dx, 4, 6, 14);
            pending.push({ x: dx + 7, y: 14, text: m.task, colour: MARK.deadline, dark: false });
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
          g.lineTo(mx, rowY(m.cpu) + Math.min(6, ROW / 2));
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
          g.lineWidth = px >= 3 ? 2 : 1;
          g.beginPath();
          g.moveTo(mx, y0);
          g.lineTo(mx, y1);
          g.stroke();
          const dir = y1 > y0 ? 1 : -1;
          const head = Math.min(5, ROW / 3);
          g.beginPath();
          g.moveTo(mx - head + 1, y1 - dir * head);
          g.lineTo(mx + head - 1, y1 - dir * head);
          g.lineTo(mx, y1);
          g.closePath();
          g.fill();
          g.lineWidth = 1;
          const who = m.who === 'player' ? (m.player ?? 'you') : (m.rule ?? 'bot');
          const tag = who.startsWith('order:') ? 'order' : who;
          pending.push({ x: mx + 3, y: y1, text: tag, colour, dark: true });
          const why = m.who === 'player'
            ? `${m.place ? 'woken there' : 'moved'} by ${who.startsWith('order:') ? `your standing order ${who.slice(6)}` : (m.player ?? 'you')}`
            : `kernel rule ${m.rule}: ${ruleText(m.rule ?? '')}`;
          newHits.push({ x: mx, y: y1, text: `Tick ${m.tick}: ${m.task} CPU ${m.from} → CPU ${m.to}, ${why}` });
          break;
        }
        case 'refused': {
          g.strokeStyle = MARK.miss;
          g.strokeRect(mx - 3, rowY(Math.min(m.cpu, tl.cpus - 1)) + 2, 6, Math.min(6, ROW - 4));
          newHits.push({ x: mx, y: rowY(Math.min(m.cpu, tl.cpus - 1)) + 5, text: `Tick ${m.tick}: move of ${m.task} to CPU ${m.cpu} refused (${m.reason})` });
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

    // Labels, newest first (the freshest events matter most while playing): each only where it overlaps
    // nothing, a flag included; then the task ids inside spans, where no label went.
    g.font = tagFont;
    const labelH = Math.min(11, ROW - 2);
    for (let i = pending.length - 1; i >= 0; i--) {
      const l = pending[i];
      const tw = g.measureText(l.text).width + 4;
      if (l.x + tw > LEFT + plotW + RIGHT) continue;
      if (!labels.place(l.x, l.y - labelH / 2, tw, labelH)) continue;
      if (l.dark) {
        g.fillStyle = l.colour;
        g.fillRect(l.x, l.y - labelH / 2, tw, labelH);
        g.fillStyle = '#0b0f17';
      } else g.fillStyle = l.colour;
      g.fillText(l.text, l.x + 2, l.y + 0.5);
    }
    g.font = `${font}px ui-monospace, monospace`;
    g.fillStyle = '#0b0f17';
    for (const l of spanLabels) {
      if (!labels.free(l.x - 1, l.y - labelH / 2, l.w + 2, labelH)) continue;
      g.fillText(l.text, l.x, l.y + 0.5);
    }

    // Cursor.
    if (p.tick >= start && p.tick <= end) {
      g.fillStyle = '#e8edf5';
      g.fillRect(x(p.tick), TOP - 2, 2, tl.cpus * ROW + 4);
    }
    hits.current = newHits;
    canvas.dataset.hiddenLabels = String(labels.hidden);
  }, [p.version, p.tick, p.timeline, p.taskIndex, p.hideFuture, width, height, span, start, hatch, plotW, ROW]);

  const tickAtX = useCallback((clientX: number): number => {
    const r = canvasRef.current?.getBoundingClientRect();
    if (!r) return 0;
    const w = winRef.current;
    return w.start + ((clientX - r.left - LEFT) / plotW) * w.span;
  }, [plotW]);

  // Wheel: zoom around the pointer; shift or a sideways wheel pans. Not passive, to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !zoomable) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const w = winRef.current;
      const sideways = e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY);
      if (sideways) {
        const d = e.shiftKey ? e.deltaY || e.deltaX : e.deltaX;
        const next = pan(w, Math.round((d / plotW) * w.span), p.duration);
        setView({ ...next, follow: false });
      } else {
        const next = zoomAround(w, e.deltaY > 0 ? 1.25 : 0.8, tickAtX(e.clientX), p.duration);
        setView((v) => ({ ...next, follow: v.follow }));
      }
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [zoomable, plotW, p.duration, tickAtX]);

  // Drag pans; a press that does not move is a click (seek, in replays).
  const drag = useRef<{ x: number; start: number; moved: boolean } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, start: winRef.current.start, moved: false };
    e.currentTarget.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (d && zoomable) {
      const dx = e.clientX - d.x;
      if (Math.abs(dx) > 3) d.moved = true;
      if (d.moved) {
        const w = winRef.current;
        setView({ span: w.span, start: clampStart(d.start - (dx / plotW) * w.span, w.span, p.duration), follow: false });
        setTip(null);
        return;
      }
    }
    const r = e.currentTarget.getBoundingClientRect();
    const mx = e.clientX - r.left;
    const my = e.clientY - r.top;
    let best: Hit | null = null;
    let bestD = 64;
    for (const h of hits.current) {
      const dd = (h.x - mx) ** 2 + (h.y - my) ** 2;
      if (dd < bestD) { best = h; bestD = dd; }
    }
    if (!best) {
      // Over a span: which task ran there, by its full id.
      const cpu = Math.floor((my - TOP) / ROW);
      const t = Math.floor(tickAtX(e.clientX));
      const now = p.hideFuture ? Math.min(p.timeline.ticks, p.tick) : p.timeline.ticks;
      const lane = p.timeline.spans[cpu];
      const s = lane && t >= 0 && t < now ? spanAt(lane, t, now) : null;
      if (s) best = { x: mx, y: my - 4, text: `${s.task} on CPU ${cpu}, ticks ${s.start}–${(s.end ?? now) - 1}` };
    }
    setTip(best);
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.moved && p.onSeek) p.onSeek(Math.max(0, Math.min(p.duration, Math.round(tickAtX(e.clientX)))));
  };

  const zoomBy = (factor: number) => {
    const w = winRef.current;
    const anchor = view.follow ? Math.min(p.tick, w.start + w.span) : w.start + w.span / 2;
    const next = zoomAround(w, factor, anchor, p.duration);
    setView((v) => ({ ...next, follow: v.follow }));
  };
  const panBy = (ticks: number) => setView({ ...pan(winRef.current, ticks, p.duration), follow: false });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!zoomable || e.ctrlKey || e.metaKey || e.altKey) return;
    const w = winRef.current;
    const step = Math.max(1, Math.round(w.span * (e.shiftKey ? 0.5 : 0.1)));
    let handled = true;
    if (e.key === 'ArrowLeft') panBy(-step);
    else if (e.key === 'ArrowRight') panBy(step);
    else if (e.key === '+' || e.key === '=') zoomBy(0.8);
    else if (e.key === '-' || e.key === '_') zoomBy(1.25);
    else if (e.key === 'Home') setView({ span: w.span, start: 0, follow: false });
    else if (e.key === 'End') setView({ span: w.span, start: w.start, follow: true });
    else handled = false;
    if (handled) e.preventDefault();
  };

  const btn = 'rounded border border-line bg-panel2 px-2 py-0.5 text-xs font-semibold hover:bg-line disabled:opacity-40';
  return (
    <div className="flex flex-col gap-1">
      {zoomable && (
        <div role="toolbar" aria-label="Timeline zoom" className="flex flex-wrap items-center gap-1.5 text-xs text-muted">
          <button type="button" className={btn} onClick={() => zoomBy(0.8)} disabled={span <= Math.min(20, p.duration)} aria-label="Zoom in" data-testid="gantt-zoom-in">+</button>
          <button type="button" className={btn} onClick={() => zoomBy(1.25)} disabled={span >= p.duration} aria-label="Zoom out" data-testid="gantt-zoom-out">−</button>
          <button type="button" className={btn} onClick={() => setView({ span: p.duration, start: 0, follow: false })} data-testid="gantt-fit">Whole run</button>
          <button type="button" className={btn} onClick={() => setView((v) => ({ ...v, follow: true }))} aria-pressed={view.follow} data-testid="gantt-follow">
            {view.follow ? 'Following now' : 'Follow now'}
          </button>
          <span data-testid="gantt-window" aria-live="off">ticks {start}–{start + span} of {p.duration}</span>
          <span className="hidden text-[11px] sm:inline">· wheel zooms, drag pans; focused: ← → pan, + − zoom, End follows</span>
        </div>
      )}
      <div
        ref={wrapRef}
        className="relative w-full rounded focus-visible:outline focus-visible:outline-2 focus-visible:outline-oi-sky"
        {...(zoomable ? { tabIndex: 0, onKeyDown, role: 'group', 'aria-label': `Timeline, ticks ${start} to ${start + span}: arrow keys pan, plus and minus zoom, End follows the current tick` } : {})}
        data-testid="gantt"
      >
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`Timeline of ticks ${start} to ${start + span}, one row per CPU. The same events are listed as text below.`}
          style={{ width: '100%', height, touchAction: zoomable ? 'none' : undefined }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setTip(null)}
          data-span={span}
          data-start={start}
          className={p.onSeek ? 'cursor-pointer' : zoomable ? 'cursor-grab' : undefined}
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
      {item(<span className="font-bold text-oi-sky">↓ you</span>, 'your move (or your standing order)')}
      {item(<span className="font-bold text-oi-orange">↓ R5</span>, 'kernel move and rule (hover)')}
      {item(<span className="inline-block h-0.5 w-5 bg-oi-vermillion" />, 'CPU idle while a pinned task waited')}
    </ul>
  );
}
