'use client';

import { useRef } from 'react';
import type { BotName } from '../../server/engine/names';
import { BOT_LABEL } from '../lib/explain';
import { figures, type CellFigures, type LabCell, type XAxis } from '../lib/lab';
import { downloadBlob } from '../lib/download';

/**
 * Okabe–Ito colours, plus a dash pattern and a marker shape each, so colour is never the
 * only cue; a variant of a Linux model keeps its model's colour with its own dash and marker.
 */
type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle';
const BOT_STYLE: Record<string, { colour: string; dash: string; marker: MarkerShape }> = {
  sticky: { colour: '#E69F00', dash: '6 3', marker: 'square' },
  'linux-rt-lazy': { colour: '#CC79A7', dash: '2 3', marker: 'triangle' },
  'linux-rt-511': { colour: '#56B4E9', dash: '', marker: 'circle' },
  'greedy-global': { colour: '#009E73', dash: '10 3 2 3', marker: 'diamond' },
  'linux-rt-eager': { colour: '#CC79A7', dash: '1 2', marker: 'square' },
  'proactive-wake': { colour: '#0072B2', dash: '', marker: 'triangle' },
  shift: { colour: '#D55E00', dash: '4 2', marker: 'diamond' },
  'boost-pinned': { colour: '#F0E442', dash: '8 2 2 2', marker: 'circle' },
  'nr-pinned-aware': { colour: '#56B4E9', dash: '3 3', marker: 'square' },
  none: { colour: '#999999', dash: '2 2', marker: 'circle' },
};
/** User policies: white (the eighth Okabe–Ito colour is black, invisible on this panel), solid, thick. */
const POLICY_STYLE = { colour: '#FFFFFF', dash: '', marker: 'triangle' as MarkerShape };

export const styleOf = (bot: string) => BOT_STYLE[bot] ?? POLICY_STYLE;
export const labelOf = (bot: string) => (bot in BOT_LABEL ? BOT_LABEL[bot as BotName] : bot.startsWith('policy:') ? `Your policy (${bot.slice(7)})` : bot);

export type Metric = keyof CellFigures;
export const METRICS: { key: Metric; label: string; short: string }[] = [
  { key: 'wastedPerK', label: 'Wasted CPU-ticks per 1,000 (idle while an allowed task waited)', short: 'Wasted per 1,000 CPU-ticks' },
  { key: 'strandedPerK', label: 'Stranded CPU-ticks per 1,000 (idle while a pinned task waited)', short: 'Stranded per 1,000 CPU-ticks' },
  { key: 'missPct', label: 'Missed deadlines (%)', short: 'Missed deadlines (%)' },
  { key: 'inversionPerK', label: 'Inversion ticks per 1,000', short: 'Inversion per 1,000' },
  { key: 'migrationsPerK', label: 'Migrations per 1,000 CPU-ticks', short: 'Migrations per 1,000' },
];

const AXIS_LABEL: Record<XAxis, string> = { mdShare: 'share of jobs with a migrate_disable() section', utilisation: 'target utilisation' };

/** The chart as a standalone SVG file: its own namespace and a background, so it reads outside the page. */
function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(svg.viewBox.baseVal.width));
  copy.setAttribute('height', String(svg.viewBox.baseVal.height));
  copy.removeAttribute('class');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${copy.outerHTML}`;
}

export function exportSvg(svg: SVGSVGElement, name: string): void {
  downloadBlob(`${name}.svg`, new Blob([svgText(svg)], { type: 'image/svg+xml' }));
}

/** PNG at twice the size: the SVG drawn onto a canvas. */
export function exportPng(svg: SVGSVGElement, name: string): void {
  const w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = w * 2;
    canvas.height = h * 2;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, w, h);
    URL.revokeObjectURL(url);
    canvas.toBlob((b) => b && downloadBlob(`${name}.png`, b), 'image/png');
  };
  img.src = url;
}

/**
 * One panel per metric (the effect first: wasted CPU time; misses beside it), one line per
 * balancer over the chosen axis, for one value of the other sweep.
 */
export function LabChart({ cells, bots, xAxis, xs, metrics, title, fileName }: {
  cells: LabCell[]; bots: string[]; xAxis: XAxis; xs: number[]; metrics: Metric[]; title: string; fileName: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  const PW = 420, PH = 260, L = 56, R = 28, T = 34, B = 44;
  const W = PW * metrics.length, H = PH + 8 + 18 * Math.ceil(bots.length / 3);
  const lo = xs[0], hi = xs[xs.length - 1];
  const cellAt = (bot: string, x: number) => cells.find((c) => c.bot === bot && c[xAxis] === x);
  const fmtX = (v: number) => (xAxis === 'mdShare' ? `${Math.round(v * 100)}%` : String(v));
  const description = `${title}: ${metrics.map((m) => METRICS.find((x) => x.key === m)!.short).join(' and ')} by ${AXIS_LABEL[xAxis]}, one line per balancer; the table below has the same figures`;
  return (
    <figure className="overflow-x-auto rounded-lg border border-line bg-panel p-3">
      <svg ref={ref} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={description} className="w-full" data-testid="lab-chart">
        <rect x="0" y="0" width={W} height={H} fill="#141a24" />
        {metrics.map((metric, p) => {
          const ox = p * PW;
          const meta = METRICS.find((m) => m.key === metric)!;
          const values = cells.filter((c) => bots.includes(c.bot)).map((c) => figures(c)[metric]);
          const maxY = Math.max(1e-9, ...values) * 1.1;
          const x = (v: number) => ox + L + (xs.length > 1 ? ((v - lo) / (hi - lo || 1)) * (PW - L - R) : (PW - L - R) / 2);
          const y = (v: number) => T + (1 - v / maxY) * (PH - T - B);
          return (
            <g key={metric} data-metric={metric}>
              <text x={ox + L} y={18} fontSize="13" fontWeight="bold" fill="#e6ebf2">{meta.short}</text>
              {[0, 0.25, 0.5, 0.75, 1].map((f) => (
                <g key={f}>
                  <line x1={ox + L} x2={ox + PW - R} y1={y(f * maxY)} y2={y(f * maxY)} stroke="#2a3242" />
                  <text x={ox + L - 6} y={y(f * maxY) + 4} textAnchor="end" fontSize="11" fill="#93a0b5">{f * maxY >= 10 ? (f * maxY).toFixed(0) : (f * maxY).toFixed(1)}</text>
                </g>
              ))}
              {xs.map((v) => <text key={v} x={x(v)} y={PH - B + 16} textAnchor="middle" fontSize="11" fill="#93a0b5">{fmtX(v)}</text>)}
              <text x={ox + (L + PW - R) / 2} y={PH - 8} textAnchor="middle" fontSize="11" fill="#93a0b5">{AXIS_LABEL[xAxis]}</text>
              {bots.map((bot) => {
                const st = styleOf(bot);
                const pts = xs.map((v) => cellAt(bot, v)).filter((c): c is LabCell => !!c).map((c) => ({ px: x(c[xAxis]), py: y(figures(c)[metric]) }));
                return (
                  <g key={bot} data-bot={bot}>
                    <polyline points={pts.map((q) => `${q.px},${q.py}`).join(' ')} fill="none" stroke={st.colour} strokeWidth="2" strokeDasharray={st.dash} />
                    {pts.map((q, i) => <Marker key={i} shape={st.marker} x={q.px} y={q.py} colour={st.colour} />)}
                  </g>
                );
              })}
            </g>
          );
        })}
        {/* The legend is inside the SVG, so an exported chart keeps it. */}
        {bots.map((bot, i) => {
          const st = styleOf(bot);
          const lx = 12 + (i % 3) * (W / 3), ly = PH + 14 + 18 * Math.floor(i / 3);
          return (
            <g key={bot}>
              <line x1={lx} x2={lx + 28} y1={ly} y2={ly} stroke={st.colour} strokeWidth="2" strokeDasharray={st.dash} />
              <Marker shape={st.marker} x={lx + 14} y={ly} colour={st.colour} />
              <text x={lx + 34} y={ly + 4} fontSize="11" fill="#e6ebf2">{labelOf(bot)}</text>
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap items-center gap-3 text-sm">
        <span className="text-muted">{title}</span>
        <button type="button" className="rounded border border-line bg-panel2 px-2 py-1" onClick={() => ref.current && exportSvg(ref.current, fileName)}>Download SVG</button>
        <button type="button" className="rounded border border-line bg-panel2 px-2 py-1" onClick={() => ref.current && exportPng(ref.current, fileName)}>Download PNG</button>
      </figcaption>
    </figure>
  );
}

function Marker({ shape, x, y, colour }: { shape: MarkerShape; x: number; y: number; colour: string }) {
  if (shape === 'circle') return <circle cx={x} cy={y} r="4" fill={colour} />;
  if (shape === 'square') return <rect x={x - 4} y={y - 4} width="8" height="8" fill={colour} />;
  if (shape === 'diamond') return <polygon points={`${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}`} fill={colour} />;
  return <polygon points={`${x},${y - 5} ${x + 5},${y + 4} ${x - 5},${y + 4}`} fill={colour} />;
}
