'use client';

import { memo, type DragEvent } from 'react';
import { taskColour, taskTextColour } from '../lib/palette';
import { bodyBar, type TaskProgress } from '../lib/viewModel';

export interface TaskChipProps {
  id: string;
  /** Index in the scenario (picks the colour). */
  index: number;
  priority: number;
  pinned: boolean;
  running: boolean;
  cpu: number;
  progress?: TaskProgress;
  mdFlags: readonly boolean[];
  /** Tick now, to show time left before the deadline. */
  tick: number;
  selected: boolean;
  /** A move to this CPU is queued for the next tick (solo). */
  pendingCpu?: number;
  /** The player may pick this chip up (false for replays, spectators, CPUs a co-op player does not own). */
  interactive: boolean;
  onSelect?: (task: string) => void;
}

/** One task: id, priority, lock when pinned, progress through its body with MD segments hatched. */
function TaskChipImpl(p: TaskChipProps) {
  const bg = taskColour(p.index);
  const fg = taskTextColour(p.index);
  const bar = p.progress ? bodyBar(p.progress, p.mdFlags) : null;
  const left = p.progress ? p.progress.deadline - p.tick : null;
  const late = p.progress?.missed ?? false;
  const due = p.running && left !== null ? (late ? 'LATE' : `due in ${left}`) : null;
  // What the chip shows, in reading order: its accessible name starts with exactly this
  // (WCAG 2.5.3, label in name), so speech users can say what they see.
  const shown = [p.id, String(p.priority), p.pendingCpu !== undefined ? `→${p.pendingCpu}` : null, due].filter(Boolean).join(' ');
  const details = [
    `Task ${p.id}, priority ${p.priority}`,
    p.cpu < 0 ? 'asleep, about to wake' : p.running ? `running on CPU ${p.cpu}` : `waiting on CPU ${p.cpu}`,
    p.pinned ? 'pinned (migrate-disabled), cannot move' : '',
    bar ? `${bar.done} of ${bar.total} ticks done` : '',
    late ? 'deadline missed' : left !== null ? `deadline in ${left} ticks` : '',
    p.pendingCpu !== undefined ? (p.cpu < 0 ? `will wake on CPU ${p.pendingCpu}` : `moving to CPU ${p.pendingCpu} next tick`) : '',
    p.selected ? 'selected: choose a CPU' : '',
  ].filter(Boolean).join(', ');

  const onDragStart = (e: DragEvent<HTMLButtonElement>) => {
    e.dataTransfer.setData('text/x-task', p.id);
    e.dataTransfer.setData('text/plain', p.id);
    e.dataTransfer.effectAllowed = 'move';
    p.onSelect?.(p.id);
  };

  return (
    <button
      type="button"
      data-task={p.id}
      data-pinned={p.pinned ? 'true' : 'false'}
      aria-label={`${shown}: ${details}`}
      aria-pressed={p.interactive ? p.selected : undefined}
      title={details}
      disabled={!p.interactive}
      draggable={p.interactive}
      onDragStart={p.interactive ? onDragStart : undefined}
      onClick={p.interactive ? (e) => { e.stopPropagation(); p.onSelect?.(p.id); } : undefined}
      className={`relative flex shrink-0 flex-col justify-between rounded-md border text-left text-xs font-semibold leading-tight disabled:cursor-default ${
        p.running ? 'min-h-11 min-w-28' : 'min-h-9 min-w-[4.75rem]'
      } max-w-[12rem] ${p.selected ? 'chip-selected border-oi-yellow' : 'border-black/40'} ${p.interactive ? 'cursor-grab' : ''} ${late ? 'ring-2 ring-oi-vermillion' : ''}`}
      style={{ background: bg, color: fg }}
    >
      {/* The id is never cut: the chip grows (up to 12rem, then the id wraps) and the badges sit beside it. */}
      <span className="flex items-center gap-1 px-1 pt-0.5">
        {p.pinned && (
          <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3 shrink-0" fill="currentColor">
            <path d="M4 7V5a4 4 0 118 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 10-4 0v2z" />
          </svg>
        )}
        <span className="break-all" data-testid="chip-id">{p.id}</span>
        {/* Spaces between the parts (flex ignores them) keep the chip's text equal to the start of its name. */}
        {' '}
        <span className="ml-auto flex shrink-0 items-center gap-0.5">
          {/* Dark enough under white text on every task colour (4.5:1 at least). */}
          <span className="rounded bg-black/55 px-1 text-[10px] font-bold" style={{ color: '#fff' }} data-testid="chip-priority">
            {p.priority}
          </span>
          {p.pendingCpu !== undefined && ' '}
          {p.pendingCpu !== undefined && (
            <span className="rounded bg-oi-sky px-1 text-[9px] font-bold text-black" data-testid="chip-pending">→{p.pendingCpu}</span>
          )}
        </span>
      </span>
      {due && <>{' '}<span className="px-1.5 text-[10px] font-medium">{due}</span></>}
      {bar && (
        <span aria-hidden="true" className="relative mx-1 mb-1 block h-1.5 overflow-hidden rounded-sm bg-black/30">
          {bar.segments.map((s, i) => s.md && (
            <span key={i} className="md-hatch absolute inset-y-0" style={{ left: `${s.from * 100}%`, width: `${(s.to - s.from) * 100}%` }} />
          ))}
          <span className="absolute inset-y-0 left-0 bg-white/80 mix-blend-difference" style={{ width: `${(bar.done / bar.total) * 100}%` }} />
        </span>
      )}
    </button>
  );
}

export const TaskChip = memo(TaskChipImpl);
