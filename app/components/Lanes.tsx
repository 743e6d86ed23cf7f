'use client';

import { memo, useState, type DragEvent } from 'react';
import type { CpuView, TaskSpec } from '../../server/engine';
import type { TaskProgress } from '../lib/viewModel';
import { TaskChip } from './TaskChip';

export interface LaneNotice {
  cpu: number;
  task: string;
  text: string;
  kind: 'refused' | 'queued';
}

export interface LaneProps {
  view: CpuView;
  /** Everything this lane shows, as one string: the lane re-renders only when it changes. */
  renderKey: string;
  tick: number;
  specs: ReadonlyMap<string, { spec: TaskSpec; index: number; md: boolean[] }>;
  pinned: ReadonlySet<string>;
  progress?: Record<string, TaskProgress>;
  selected: string | null;
  pending: ReadonlyMap<string, number>;
  notice: LaneNotice | null;
  /** Whether the player may move tasks sitting on this CPU. */
  interactive: boolean;
  /** Whether this CPU accepts moves at all (a selection or drag can target it). */
  targetable: boolean;
  /** Idle while a pinned task that may use it waits elsewhere: stranded CPU time, as it happens. */
  stranded: boolean;
  onSelect: (task: string) => void;
  onTarget: (cpu: number, task?: string) => void;
}

function LaneImpl(p: LaneProps) {
  const [dragOver, setDragOver] = useState(false);
  const cpu = p.view.cpu;
  const idle = p.view.running === null;
  const chip = (id: string, running: boolean) => {
    const info = p.specs.get(id);
    if (!info) return null;
    return (
      <TaskChip
        key={id}
        id={id}
        index={info.index}
        priority={info.spec.priority}
        pinned={p.pinned.has(id)}
        running={running}
        cpu={cpu}
        mdFlags={info.md}
        tick={p.tick}
        selected={p.selected === id}
        interactive={p.interactive}
        onSelect={p.onSelect}
        {...(p.progress?.[id] ? { progress: p.progress[id] } : {})}
        {...(p.pending.has(id) ? { pendingCpu: p.pending.get(id) } : {})}
      />
    );
  };
  const onDrop = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setDragOver(false);
    const task = e.dataTransfer.getData('text/x-task') || e.dataTransfer.getData('text/plain');
    if (task) p.onTarget(cpu, task);
  };
  const waitingPinned = p.view.queue.filter((t) => p.pinned.has(t)).length;
  return (
    <li
      data-cpu={cpu}
      aria-label={`CPU ${cpu}: ${idle ? (p.stranded ? 'idle while a pinned task waits elsewhere' : 'idle') : `running ${p.view.running}`}, ${p.view.queue.length} waiting${waitingPinned ? `, ${waitingPinned} pinned` : ''}`}
      data-stranded={p.stranded ? 'true' : undefined}
      className={`relative flex min-h-14 items-center gap-2 rounded-lg border px-2 py-1.5 ${dragOver ? 'lane-target border-oi-sky' : p.stranded ? 'border-dashed border-oi-vermillion' : 'border-line'} ${
        idle && waitingPinned === 0 ? 'bg-panel/60' : 'bg-panel'
      }`}
      onDragOver={p.targetable ? (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; if (!dragOver) setDragOver(true); } : undefined}
      onDragLeave={() => setDragOver(false)}
      onDrop={p.targetable ? onDrop : undefined}
      onClick={p.targetable && p.selected ? () => p.onTarget(cpu) : undefined}
    >
      {/* The button shows "CPU n" only, so its name when a task is selected ("Move X to CPU n") contains what it shows. */}
      <div className="flex w-16 shrink-0 flex-col items-start">
        <button
          type="button"
          data-lane-target={cpu}
          disabled={!p.targetable || !p.selected}
          onClick={(e) => { e.stopPropagation(); p.onTarget(cpu); }}
          aria-label={p.selected ? `Move ${p.selected} to CPU ${cpu}` : undefined}
          className={`rounded px-1.5 py-0.5 text-left font-mono text-xs font-bold ${
            p.selected && p.targetable ? 'bg-panel2 text-fg ring-1 ring-oi-sky hover:bg-oi-blue/40' : 'text-muted'
          }`}
        >
          CPU {cpu}
        </button>
        <span className="px-1.5 text-[10px] text-muted">{idle ? 'idle' : 'busy'}</span>
      </div>
      <div className="flex w-28 shrink-0 justify-start">
        {idle ? (
          <span className={`flex h-11 w-28 items-center justify-center rounded-md border border-dashed px-1 text-center text-[11px] leading-tight ${p.stranded ? 'border-oi-vermillion text-oi-vermillion' : 'border-line text-muted'}`}>
            {p.stranded ? 'idle: a pinned task waits elsewhere' : 'idle'}
          </span>
        ) : chip(p.view.running as string, true)}
      </div>
      <ol aria-label={`CPU ${cpu} queue, best first`} className="flex min-w-0 flex-1 flex-wrap items-center gap-1">
        {p.view.queue.map((id) => <li key={id}>{chip(id, false)}</li>)}
      </ol>
      {p.notice && (
        <p
          role={p.notice.kind === 'refused' ? 'alert' : 'status'}
          data-notice={p.notice.kind}
          className={`absolute right-2 top-1 z-10 max-w-[60%] rounded px-2 py-1 text-xs shadow-lg ${
            p.notice.kind === 'refused' ? 'refusal-shake bg-oi-vermillion text-ink' : 'bg-oi-sky text-black'
          }`}
        >
          {p.notice.text}
        </p>
      )}
    </li>
  );
}

export const Lane = memo(LaneImpl, (a, b) =>
  a.renderKey === b.renderKey && a.onSelect === b.onSelect && a.onTarget === b.onTarget && a.specs === b.specs);
