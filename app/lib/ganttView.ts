/**
 * The Gantt's visible window and its labels, as plain functions (unit-tested apart
 * from the canvas). A window is `span` ticks starting at `start`, inside [0, duration].
 */

export interface GanttWindow {
  start: number;
  span: number;
}

/** The fewest ticks the chart zooms in to. */
export const MIN_SPAN = 20;

/** The window a chart opens with: the whole run when short, else 200 ticks. */
export function defaultSpan(duration: number, asked?: number): number {
  return clampSpan(asked ?? (duration <= 400 ? duration : 200), duration);
}

export function clampSpan(span: number, duration: number): number {
  return Math.round(Math.max(Math.min(MIN_SPAN, duration), Math.min(duration, span)));
}

export function clampStart(start: number, span: number, duration: number): number {
  return Math.round(Math.max(0, Math.min(duration - span, start)));
}

/** Following the cursor: keep it at 80% of the window, so what comes next stays in view. */
export function followStart(tick: number, span: number, duration: number): number {
  return clampStart(tick - Math.floor(span * 0.8), span, duration);
}

/** Zooms by `factor` (below 1 zooms in) keeping `anchor` (a tick) where it is on screen. */
export function zoomAround(w: GanttWindow, factor: number, anchor: number, duration: number): GanttWindow {
  const span = clampSpan(w.span * factor, duration);
  const at = w.span > 0 ? (anchor - w.start) / w.span : 0.5;
  return { span, start: clampStart(anchor - at * span, span, duration) };
}

export function pan(w: GanttWindow, ticks: number, duration: number): GanttWindow {
  return { span: w.span, start: clampStart(w.start + ticks, w.span, duration) };
}

/** Axis step: a round number of ticks with labels at least ~50 px apart. */
export function axisStep(span: number, plotWidth: number): number {
  const perPx = span / Math.max(1, plotWidth);
  for (const s of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000]) if (s / perPx >= 50) return s;
  return 20000;
}

/**
 * Places labels that must not overlap: a label is drawn only if its box is free, else
 * it is hidden (its text stays in the tooltip and the text log). Boxes are kept per
 * band (a strip of rows), so the check stays cheap with thousands of markers.
 */
export class LabelPlacer {
  private readonly bands = new Map<number, { x0: number; x1: number; y0: number; y1: number }[]>();
  hidden = 0;

  constructor(private readonly bandHeight = 24) {}

  /** Claims the box if it is free; false (and counted as hidden) when it would overlap a placed one. */
  place(x: number, y: number, w: number, h: number): boolean {
    if (!this.free(x, y, w, h)) {
      this.hidden++;
      return false;
    }
    this.block(x, y, w, h);
    return true;
  }

  /** Whether a box overlaps nothing placed or blocked. */
  free(x: number, y: number, w: number, h: number): boolean {
    const b0 = Math.floor(y / this.bandHeight);
    const b1 = Math.floor((y + h) / this.bandHeight);
    for (let b = b0; b <= b1; b++) {
      for (const o of this.bands.get(b) ?? []) {
        if (x < o.x1 && o.x0 < x + w && y < o.y1 && o.y0 < y + h) return false;
      }
    }
    return true;
  }

  /** Marks a box as taken by a shape that labels must not cover (a flag, an arrowhead). */
  block(x: number, y: number, w: number, h: number): void {
    const box = { x0: x, x1: x + w, y0: y, y1: y + h };
    const b0 = Math.floor(y / this.bandHeight);
    const b1 = Math.floor((y + h) / this.bandHeight);
    for (let b = b0; b <= b1; b++) {
      const list = this.bands.get(b);
      if (list) list.push(box);
      else this.bands.set(b, [box]);
    }
  }
}
