'use client';
/**
 * A player's view of their run in a classroom room: one lane per CPU (running task,
 * then the queue best first). Pick a task (click, or Enter/Space on it), then a CPU
 * ("Move here" button, or the digit key of the CPU). The server applies the move at
 * the next tick and its answer is announced; the picture only ever shows frames.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CpuView, Scenario } from '@/server/engine';
import { TaskChip } from '@/app/components/TaskChip';
import { reasonText } from '@/app/lib/room-reasons';

export interface BoardProps {
  scenario: Scenario;
  tick: number;
  cpus: CpuView[];
  pinned: { task: string; cpu: number }[];
  /** False when paused, ended, or watching. */
  interactive: boolean;
  /** Co-op: who owns each CPU (nickname), and which CPUs are this player's. */
  owners?: Map<number, string>;
  mine?: Set<number>;
  onMigrate: (task: string, cpu: number) => Promise<string | null>;
}

export function Board({ scenario, tick, cpus, pinned, interactive, owners, mine, onMigrate }: BoardProps) {
  const [selected, setSelected] = useState<string | null>(null);
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  const index = new Map(scenario.tasks.map((t, i) => [t.id, i]));
  const pinnedSet = new Set(pinned.map((p) => p.task));
  const where = new Map<string, number>();
  cpus.forEach((c) => {
    if (c.running) where.set(c.running, c.cpu);
    c.queue.forEach((t) => where.set(t, c.cpu));
  });
  const canTouch = (cpu: number) => interactive && (!mine || mine.has(cpu));

  // A selection of a task that went to sleep (or the round stopping) is dropped.
  const selectedCpu = selected ? where.get(selected) : undefined;
  useEffect(() => {
    if (selected && (selectedCpu === undefined || !interactive)) setSelected(null);
  }, [selected, selectedCpu, interactive]);

  const move = useCallback(async (cpu: number) => {
    if (!selected) return;
    const task = selected;
    setSelected(null);
    const reason = await onMigrate(task, cpu);
    setNote(reason ? { text: `${task} → CPU ${cpu}: ${reasonText(reason)}`, bad: true } : { text: `${task} → CPU ${cpu}: sent.`, bad: false });
  }, [selected, onMigrate]);

  // Digits 0-9 send the selected task to that CPU; Escape drops the selection.
  useEffect(() => {
    if (!interactive) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      if (e.key === 'Escape') setSelected(null);
      else if (selected && /^[0-9]$/.test(e.key) && Number(e.key) < cpus.length) void move(Number(e.key));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [interactive, selected, move, cpus.length]);

  const chip = (task: string, cpu: number, running: boolean) => {
    const i = index.get(task) ?? 0;
    const spec = scenario.tasks[i];
    return (
      <TaskChip
        key={task}
        id={task}
        index={i}
        priority={spec?.priority ?? 0}
        pinned={pinnedSet.has(task)}
        running={running}
        cpu={cpu}
        mdFlags={spec?.body.map((b) => b.md) ?? []}
        tick={tick}
        selected={selected === task}
        interactive={canTouch(cpu)}
        onSelect={(t) => setSelected((s) => (s === t ? null : t))}
      />
    );
  };

  return (
    <section aria-label="Your machine" className="space-y-2" data-testid="board">
      <p className="text-sm text-muted">
        {interactive
          ? selected
            ? `Selected ${selected}: choose a CPU (button or digit key), Escape to cancel.`
            : 'Pick a waiting task, then a CPU to migrate it to. Pinned (🔒) tasks cannot move.'
          : 'Waiting for the round to run.'}
      </p>
      <ul className="space-y-2">
        {cpus.map((c) => {
          const own = !mine || mine.has(c.cpu);
          const owner = owners?.get(c.cpu);
          const target = selected !== null && selectedCpu !== c.cpu && interactive;
          return (
            <li key={c.cpu} data-testid={`cpu-${c.cpu}`}
              className={`flex min-h-16 items-center gap-3 rounded-lg border bg-panel p-2 ${target ? 'lane-target border-oi-sky' : 'border-line'} ${own ? '' : 'opacity-75'}`}>
              <div className="w-24 shrink-0">
                <div className="font-mono font-semibold">CPU {c.cpu}</div>
                {owner !== undefined && (
                  <div className="truncate text-xs text-muted">{mine?.has(c.cpu) ? 'yours' : `owned by ${owner}`}</div>
                )}
              </div>
              <div className="flex min-w-0 flex-1 flex-wrap items-center gap-1.5">
                {c.running ? chip(c.running, c.cpu, true) : <span className="text-sm text-muted">idle</span>}
                {c.queue.length > 0 && <span aria-hidden="true" className="px-1 text-muted">⟵</span>}
                {c.queue.map((t) => chip(t, c.cpu, false))}
              </div>
              {target && (
                <button type="button" onClick={() => void move(c.cpu)}
                  className="shrink-0 rounded-md bg-oi-sky px-3 py-1.5 text-sm font-semibold text-ink hover:brightness-110">
                  Move {selected} here
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <p role="status" aria-live="polite" data-testid="move-note" className={`min-h-5 text-sm ${note?.bad ? 'text-oi-vermillion' : 'text-muted'}`}>
        {note?.text}
      </p>
    </section>
  );
}
