'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { INCOMING_HORIZON, type BotName } from '../../server/engine';
import { typedCpu } from '../lib/cpuKeys';
import { refusalText } from '../lib/explain';
import type { Timeline } from '../lib/timeline';
import type { ParView } from '../lib/verdict';
import { strandedIdleCpus, type GameViewModel } from '../lib/viewModel';
import { EventLog } from './EventLog';
import { Gantt, GanttLegend } from './Gantt';
import { Lane, type LaneNotice } from './Lanes';
import { ScoreBar } from './ScoreBar';
import { TaskChip } from './TaskChip';

/**
 * The game view, shared by solo play, replays and classroom rounds. It renders a
 * GameViewModel (plain data) and reports the player's moves through `onMigrate`;
 * where the simulation runs (browser engine, server room) is the caller's business.
 *
 * Moving a task: drag its chip onto a CPU lane; or click (Enter/Space) the chip,
 * then the CPU lane (or its "Move to CPU n" button, or the CPU's number typed on the
 * keyboard); Escape cancels. A refused move shows its reason on the target lane and
 * in a live region.
 */
export interface GameViewProps {
  model: GameViewModel;
  /** The Gantt's data, recorded by the caller (see app/lib/timeline.ts). */
  timeline: Timeline;
  /** timeline.version when the model was made (redraws the Gantt). */
  timelineVersion: number;
  /**
   * Called for a move. Resolve to null when accepted, or to a refusal reason (an
   * engine RefusalReason like 'pinned', or a server reason like 'action/pinned').
   * Absent: the view is read-only (replays, spectators).
   */
  onMigrate?: (task: string, cpu: number) => Promise<string | null> | string | null;
  /** Words for a refusal reason (default: the engine's reasons, with or without an "action/" prefix). */
  describeRefusal?: (reason: string) => string;
  /**
   * Co-op: the CPUs this player owns (all when absent): they move the tasks sitting
   * there, and place a waking task onto one of them (the owner of the CPU it lands on decides).
   */
  ownedCpus?: readonly number[];
  /** Show the tasks waking soon even when read-only (someone watching a live run). */
  showIncoming?: boolean;
  /** Moves accepted but not yet applied, including planned wakeups (shown as "→n" on the chip). */
  pending?: readonly { task: string; cpu: number }[];
  /** Bots' final scores on the same scenario and seed, for the score bar. */
  baselines?: Partial<Record<BotName, number>> | null;
  /** Par and the 3-star score, where known, for the score bar. */
  par?: ParView | null;
  /** Play/pause/speed/step or round controls, shown above the lanes. */
  controls?: ReactNode;
  /** Visible Gantt ticks (default: the whole run when short, else 200). */
  windowTicks?: number;
  /** Clicking the Gantt seeks (replays). */
  onSeek?: (tick: number) => void;
  /** Move the keyboard focus to the CPU lanes when the view appears (after a Start button that goes away). */
  focusOnMount?: boolean;
}

/** How long a first digit waits for a second one (CPU 10 and up) before it counts alone. */
const SECOND_DIGIT_MS = 1000;

/** Sleeping tasks about to wake: select or drag one onto a CPU to choose where it wakes. */
function Incoming(p: {
  incoming: readonly { task: string; at: number }[];
  tick: number;
  specs: ReadonlyMap<string, { spec: { priority: number }; index: number; md: boolean[] }>;
  pending: ReadonlyMap<string, number>;
  selected: string | null;
  interactive: boolean;
  onSelect: (task: string) => void;
}) {
  return (
    <section aria-label="Waking soon" className="flex min-h-12 flex-wrap items-center gap-2 rounded-lg border border-dashed border-line px-2 py-1.5">
      <h2 className="w-16 shrink-0 text-[11px] font-semibold uppercase leading-tight text-muted">Waking soon</h2>
      {p.incoming.length === 0 ? (
        <span className="text-xs text-muted">No task wakes in the next {INCOMING_HORIZON} ticks.</span>
      ) : (
        <ol className="flex flex-wrap items-center gap-2">
          {p.incoming.map((x) => {
            const info = p.specs.get(x.task);
            if (!info) return null;
            return (
              <li key={x.task} className="flex items-center gap-1">
                <TaskChip
                  id={x.task}
                  index={info.index}
                  priority={info.spec.priority}
                  pinned={false}
                  running={false}
                  cpu={-1}
                  mdFlags={info.md}
                  tick={p.tick}
                  selected={p.selected === x.task}
                  interactive={p.interactive}
                  onSelect={p.onSelect}
                  {...(p.pending.has(x.task) ? { pendingCpu: p.pending.get(x.task) } : {})}
                />
                <span className="text-[10px] text-muted">{x.at === p.tick ? 'wakes now' : `in ${x.at - p.tick}`}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export function GameView(p: GameViewProps) {
  const { model, timeline } = p;
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<LaneNotice | null>(null);
  const [announce, setAnnounce] = useState('');
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const readOnly = !p.onMigrate;
  const onMigrateRef = useRef(p.onMigrate);
  onMigrateRef.current = p.onMigrate;
  const describeRef = useRef(p.describeRefusal ?? refusalText);
  describeRef.current = p.describeRefusal ?? refusalText;

  const specs = useMemo(
    () => new Map(model.scenario.tasks.map((spec, index) => [spec.id, { spec, index, md: spec.body.map((b) => b.md) }])),
    [model.scenario],
  );
  const taskIndex = useMemo(() => new Map(model.scenario.tasks.map((t, i) => [t.id, i])), [model.scenario]);
  const pinnedSet = useMemo(() => new Set(model.pinned.map((x) => x.task)), [model.pinned]);
  const pending = useMemo(() => new Map((p.pending ?? []).map((x) => [x.task, x.cpu])), [p.pending]);
  // Idle CPUs that a pinned, waiting task could use: the email's "picking their nose", shown live.
  const strandedCpus = useMemo(() => strandedIdleCpus(model), [model]);
  const owned = useMemo(() => (p.ownedCpus ? new Set(p.ownedCpus) : null), [p.ownedCpus]);
  const taskCpu = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of model.cpus) {
      if (c.running) m.set(c.running, c.cpu);
      for (const q of c.queue) m.set(q, c.cpu);
    }
    // Sleeping tasks about to wake can be placed ahead of time (their CPU is -1: none yet).
    for (const x of model.incoming ?? []) if (!m.has(x.task)) m.set(x.task, -1);
    return m;
  }, [model.cpus, model.incoming]);

  // A selected task that went to sleep can no longer be moved: drop the selection.
  useEffect(() => {
    if (selected && !taskCpu.has(selected)) setSelected(null);
  }, [selected, taskCpu]);

  const showNotice = useCallback((n: LaneNotice) => {
    setNotice(n);
    setAnnounce(n.text);
    if (noticeTimer.current) clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(null), n.kind === 'refused' ? 4000 : 1500);
  }, []);
  useEffect(() => () => { if (noticeTimer.current) clearTimeout(noticeTimer.current); }, []);

  const onSelect = useCallback((task: string) => {
    setSelected((cur) => {
      const next = cur === task ? null : task;
      setAnnounce(next ? `${task} selected: choose a CPU (digit key or lane), Escape to cancel.` : `${task} deselected.`);
      return next;
    });
  }, []);

  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const onTarget = useCallback(async (cpu: number, dragged?: string) => {
    const task = dragged ?? selectedRef.current;
    const migrate = onMigrateRef.current;
    if (!task || !migrate) return;
    setSelected(null);
    let reason: string | null;
    try {
      reason = await migrate(task, cpu);
    } catch {
      reason = 'disconnected';
    }
    if (reason === 'disconnected') {
      showNotice({ cpu, task, kind: 'refused', text: `${task} → CPU ${cpu}: not sent, the connection is down.` });
    } else if (reason) {
      showNotice({ cpu, task, kind: 'refused', text: `${task} → CPU ${cpu} refused. ${describeRef.current(reason)}` });
    } else {
      showNotice({ cpu, task, kind: 'queued', text: `${task} → CPU ${cpu}` });
    }
  }, [showNotice]);

  // Keyboard: the CPU's number picks it for the selected task (two digits from CPU 10 on:
  // "1" then "2" is CPU 12; "1" alone counts after a second, or at once with Enter); Escape cancels.
  const [digits, setDigits] = useState('');
  const digitsRef = useRef('');
  const digitTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cpus = model.scenario.cpus;
  useEffect(() => {
    if (readOnly) return;
    const clearDigits = () => {
      if (digitTimer.current) clearTimeout(digitTimer.current);
      digitTimer.current = null;
      digitsRef.current = '';
      setDigits('');
    };
    const commit = (cpu: number) => {
      clearDigits();
      void onTarget(cpu);
    };
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      if (!selectedRef.current) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') {
        clearDigits();
        setSelected(null);
        setAnnounce('Selection cancelled.');
        e.preventDefault();
      } else if (e.key === 'Enter' && digitsRef.current) {
        // Also keeps Enter from clicking the focused chip.
        e.preventDefault();
        commit(Number(digitsRef.current));
      } else if (/^[0-9]$/.test(e.key)) {
        const typedDigits = digitsRef.current + e.key;
        const typed = typedCpu(typedDigits, cpus);
        if (typed.cpu === null) {
          if (!digitsRef.current) return;
          // "1" then "7" on 16 CPUs: a slip, not CPU 1 then CPU 7. The task stays selected.
          e.preventDefault();
          clearDigits();
          setAnnounce(`There is no CPU ${typedDigits}: this machine has CPU 0 to ${cpus - 1}.`);
          return;
        }
        e.preventDefault();
        if (typed.complete) {
          commit(typed.cpu);
          return;
        }
        digitsRef.current += e.key;
        setDigits(digitsRef.current);
        setAnnounce(`CPU ${typed.cpu}: type a second digit for CPU ${typed.cpu * 10} to ${Math.min(cpus - 1, typed.cpu * 10 + 9)}, or Enter.`);
        if (digitTimer.current) clearTimeout(digitTimer.current);
        const cpu = typed.cpu;
        digitTimer.current = setTimeout(() => commit(cpu), SECOND_DIGIT_MS);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      clearDigits();
    };
  }, [readOnly, onTarget, cpus]);

  // The Start button that showed this view is gone: without this the focus would fall to the page.
  const lanesRef = useRef<HTMLOListElement>(null);
  const focusOnMount = useRef(p.focusOnMount);
  useEffect(() => {
    if (focusOnMount.current) lanesRef.current?.focus();
  }, []);

  // A chip that changes lane is a new element: keep the keyboard focus on the task it belonged to.
  const rootRef = useRef<HTMLDivElement>(null);
  const focusedTask = useRef<string | null>(null);
  useEffect(() => {
    const root = rootRef.current;
    const last = focusedTask.current;
    if (!root || !last || typeof document === 'undefined') return;
    if (document.activeElement && document.activeElement !== document.body) return;
    const chip = root.querySelector<HTMLElement>(`button[data-task="${CSS.escape(last)}"]:not([disabled])`);
    chip?.focus({ preventScroll: true });
  }, [model]);

  // Beyond 4 CPUs the lanes grow tall: the timeline goes above them so it stays on screen (a 1366x768 laptop included).
  const timelineFirst = model.scenario.cpus > 4;
  const timelineSection = (
    <section aria-label="Timeline" className="rounded-lg border border-line bg-panel p-2" data-testid="timeline">
      <Gantt
        timeline={timeline}
        version={p.timelineVersion}
        taskIndex={taskIndex}
        tick={model.tick}
        duration={model.scenario.duration}
        {...(p.windowTicks ? { windowTicks: p.windowTicks } : {})}
        {...(p.onSeek ? { onSeek: p.onSeek } : {})}
      />
      <div className="mt-1"><GanttLegend /></div>
    </section>
  );

  return (
    <div
      ref={rootRef}
      className="flex flex-col gap-3"
      data-testid="game-view"
      onFocus={(e) => {
        const t = (e.target as HTMLElement).closest<HTMLElement>('button[data-task]');
        focusedTask.current = t?.dataset.task ?? null;
      }}
    >
      <ScoreBar stats={model.stats} tick={model.tick} duration={model.scenario.duration} baselines={p.baselines ?? null} par={p.par ?? null} />
      {p.controls}
      <p aria-live="polite" className="sr-only" data-testid="announce">{announce}</p>
      {!readOnly && (
        <p className="text-xs text-muted">
          {selected
            ? <>Moving <strong className="text-oi-yellow">{selected}</strong>: click a CPU lane, type its number{cpus > 10 ? ' (two digits from CPU 10: 1 then 2 for CPU 12)' : ''}, or Escape to cancel.{digits && <> CPU <strong className="font-mono text-oi-yellow" data-testid="typed-cpu">{digits}</strong>…: a second digit, or Enter.</>}</>
            : <>Drag a task onto a CPU, or select it (click, Enter) then pick a CPU (click or type its number{cpus > 10 ? ', two digits from CPU 10' : ''}).</>}
        </p>
      )}
      {timelineFirst && timelineSection}
      {model.incoming && (!readOnly || p.showIncoming) && (
        <Incoming
          incoming={model.incoming}
          tick={model.tick}
          specs={specs}
          pending={pending}
          selected={selected}
          interactive={!readOnly && (!owned || owned.size > 0)}
          onSelect={onSelect}
        />
      )}
      <ol ref={lanesRef} tabIndex={-1} aria-label="CPUs" data-testid="cpu-lanes" className={`grid gap-1.5 ${model.cpus.length > 8 ? 'xl:grid-cols-2' : ''}`}>
        {model.cpus.map((view) => {
          const cpuOwned = !owned || owned.has(view.cpu);
          const laneNotice = notice && notice.cpu === view.cpu ? notice : null;
          const running = view.running;
          const prog = running && model.progress?.[running];
          const renderKey = [
            running ?? '-',
            prog ? `${prog.seg}.${prog.done}.${prog.costLeft}.${prog.missed}.${model.tick}` : '',
            view.queue.map((q) => `${q}${pinnedSet.has(q) ? '*' : ''}${pending.get(q) ?? ''}${model.progress?.[q]?.missed ? '!' : ''}`).join(','),
            running && pinnedSet.has(running) ? 'P' : '',
            running ? pending.get(running) ?? '' : '',
            selected ?? '',
            laneNotice ? `${laneNotice.text}` : '',
            cpuOwned && !readOnly ? 'i' : '',
            strandedCpus.has(view.cpu) ? 'S' : '',
          ].join('|');
          return (
            <Lane
              key={view.cpu}
              view={view}
              renderKey={renderKey}
              tick={model.tick}
              specs={specs}
              pinned={pinnedSet}
              {...(model.progress ? { progress: model.progress } : {})}
              selected={selected}
              pending={pending}
              notice={laneNotice}
              interactive={!readOnly && cpuOwned}
              targetable={!readOnly}
              stranded={strandedCpus.has(view.cpu)}
              onSelect={onSelect}
              onTarget={onTarget}
            />
          );
        })}
      </ol>
      {!timelineFirst && timelineSection}
      <EventLog timeline={timeline} version={p.timelineVersion} tick={model.tick} />
    </div>
  );
}
