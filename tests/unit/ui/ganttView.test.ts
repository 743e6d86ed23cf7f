import { describe, expect, it } from 'vitest';
import { axisStep, clampStart, defaultSpan, followStart, LabelPlacer, MIN_SPAN, pan, zoomAround } from '../../../app/lib/ganttView';

describe('Gantt window', () => {
  it('opens on the whole of a short run, 200 ticks of a long one', () => {
    expect(defaultSpan(60)).toBe(60);
    expect(defaultSpan(1000)).toBe(200);
    expect(defaultSpan(1000, 5)).toBe(MIN_SPAN);
  });

  it('follows the cursor with room ahead, inside the run', () => {
    expect(followStart(500, 200, 1000)).toBe(340);
    expect(followStart(10, 200, 1000)).toBe(0);
    expect(followStart(1000, 200, 1000)).toBe(800);
  });

  it('zooms around the anchor tick, within [MIN_SPAN, duration]', () => {
    const w = zoomAround({ start: 0, span: 1000 }, 0.5, 500, 1000);
    expect(w).toEqual({ start: 250, span: 500 });
    // The anchor stays at the same fraction of the window.
    const z = zoomAround({ start: 100, span: 200 }, 0.5, 150, 1000);
    expect((150 - z.start) / z.span).toBeCloseTo((150 - 100) / 200, 1);
    expect(zoomAround({ start: 0, span: 30 }, 0.1, 10, 1000).span).toBe(MIN_SPAN);
    expect(zoomAround({ start: 400, span: 800 }, 4, 500, 1000)).toEqual({ start: 0, span: 1000 });
  });

  it('pans within the run', () => {
    expect(pan({ start: 100, span: 200 }, -500, 1000)).toEqual({ start: 0, span: 200 });
    expect(pan({ start: 100, span: 200 }, 5000, 1000)).toEqual({ start: 800, span: 200 });
    expect(clampStart(-3, 50, 60)).toBe(0);
  });

  it('axis labels at least 50 px apart', () => {
    expect(axisStep(1000, 1000)).toBe(50);
    expect(axisStep(60, 1200)).toBe(5);
  });
});

describe('LabelPlacer', () => {
  it('never lets two labels overlap, counts the hidden ones', () => {
    const l = new LabelPlacer(18);
    expect(l.place(0, 0, 20, 10)).toBe(true);
    expect(l.place(10, 5, 20, 10)).toBe(false);
    expect(l.place(20, 0, 20, 10)).toBe(true); // touching is not overlapping
    expect(l.place(0, 10, 20, 10)).toBe(true); // the row below
    expect(l.place(5, 15, 5, 10)).toBe(false); // straddles two bands
    expect(l.hidden).toBe(2);
  });
});
