'use client';

import { taskColour } from '../lib/palette';
import { blankTask, fieldId, type EditorForm, type ReleaseKind, type SegmentForm, type TaskForm } from '../lib/editorForm';
import { FieldErrors, TextField, inputClass, useInvalid } from './fields';

const BTN = 'rounded border border-line px-2 py-0.5 text-xs hover:border-oi-sky';

/** The task table: one row per task, every field editable, errors under their field. */
export function TaskTable({ form, cpus, setTasks }: { form: EditorForm; cpus: number; setTasks: (tasks: TaskForm[]) => void }) {
  const update = (i: number, t: TaskForm) => setTasks(form.tasks.map((o, j) => (j === i ? t : o)));
  const remove = (i: number) => setTasks(form.tasks.filter((_, j) => j !== i));
  const add = () => {
    let n = form.tasks.length;
    while (form.tasks.some((t) => t.id === `t${n}`)) n++;
    setTasks([...form.tasks, blankTask(n)]);
  };
  return (
    <div className="flex flex-col gap-2">
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Tasks</caption>
          <thead>
            <tr className="text-left text-xs text-muted">
              <th scope="col" className="p-1">Id</th>
              <th scope="col" className="p-1">{form.class === 'edf' ? 'Priority (tie-break)' : 'Priority'}</th>
              <th scope="col" className="p-1">Home CPU</th>
              <th scope="col" className="p-1">Affinity</th>
              <th scope="col" className="p-1">Release</th>
              <th scope="col" className="p-1">Deadline</th>
              <th scope="col" className="p-1">Body (run and migrate_disable() sections)</th>
              <th scope="col" className="p-1"><span className="sr-only">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {form.tasks.map((t, i) => (
              <TaskRow key={i} i={i} task={t} cpus={cpus} onChange={(nt) => update(i, nt)} onRemove={() => remove(i)} />
            ))}
          </tbody>
        </table>
      </div>
      <FieldErrors k="tasks" />
      <div><button type="button" className={BTN} onClick={add}>Add a task</button></div>
    </div>
  );
}

function TaskRow({ i, task, cpus, onChange, onRemove }: { i: number; task: TaskForm; cpus: number; onChange: (t: TaskForm) => void; onRemove: () => void }) {
  const at = `tasks[${i}]`;
  const name = task.id || `task ${i + 1}`;
  const set = <K extends keyof TaskForm>(key: K, v: TaskForm[K]) => onChange({ ...task, [key]: v });
  return (
    <tr className="border-t border-line align-top" data-testid={`task-row-${i}`}>
      <td className="p-1"><TextField compact k={`${at}.id`} label={`Task ${i + 1} id`} value={task.id} inputMode="text" onChange={(v) => set('id', v)} /></td>
      <td className="p-1"><TextField compact k={`${at}.priority`} label={`${name} priority`} value={task.priority} onChange={(v) => set('priority', v)} /></td>
      <td className="p-1"><TextField compact k={`${at}.cpu`} label={`${name} home CPU`} value={task.cpu} onChange={(v) => set('cpu', v)} /></td>
      <td className="p-1"><Affinity k={`${at}.affinity`} name={name} value={task.affinity} cpus={cpus} onChange={(v) => set('affinity', v)} /></td>
      <td className="p-1"><Release at={at} name={name} value={task.release} onChange={(v) => set('release', v)} /></td>
      <td className="p-1"><TextField compact k={`${at}.deadline`} label={`${name} relative deadline`} value={task.deadline} onChange={(v) => set('deadline', v)} /></td>
      <td className="p-1"><BodyEditor at={at} name={name} colour={taskColour(i)} body={task.body} onChange={(v) => set('body', v)} /></td>
      <td className="p-1"><button type="button" className={BTN} onClick={onRemove} aria-label={`Remove ${name}`}>✕</button></td>
    </tr>
  );
}

function Affinity({ k, name, value, cpus, onChange }: { k: string; name: string; value: number[] | null; cpus: number; onChange: (v: number[] | null) => void }) {
  // CPUs listed beyond the machine stay visible, so they can be switched off.
  const shown = Array.from(new Set([...Array.from({ length: cpus }, (_, c) => c), ...(value ?? [])])).sort((a, b) => a - b);
  const allowed = (c: number) => (value === null ? c < cpus : value.includes(c));
  const toggle = (c: number) => {
    const current = value ?? Array.from({ length: cpus }, (_, j) => j);
    onChange(current.includes(c) ? current.filter((x) => x !== c) : [...current, c].sort((a, b) => a - b));
  };
  const invalid = useInvalid(k);
  return (
    <div className="flex flex-col">
      <div role="group" aria-label={`${name} affinity`} id={fieldId(k)} className="flex flex-wrap items-center gap-1" {...invalid}>
        {shown.map((c) => (
          <button
            key={c}
            type="button"
            aria-pressed={allowed(c)}
            aria-label={`${name} may run on CPU ${c}`}
            className={`min-w-7 rounded border px-1 text-xs ${allowed(c) ? 'border-oi-sky bg-oi-sky/25 text-fg' : 'border-line text-muted line-through'} ${c >= cpus ? 'border-dashed' : ''}`}
            onClick={() => toggle(c)}
          >
            {c}
          </button>
        ))}
        <button type="button" className={BTN} aria-pressed={value === null} onClick={() => onChange(null)} title="Every CPU (the file leaves affinity out)">all</button>
      </div>
      <FieldErrors k={k} />
    </div>
  );
}

const RELEASE_LABEL: Record<ReleaseKind, string> = { at: 'at times', periodic: 'periodic', sporadic: 'sporadic' };

function Release({ at, name, value, onChange }: { at: string; name: string; value: TaskForm['release']; onChange: (r: TaskForm['release']) => void }) {
  const k = `${at}.release`;
  const invalid = useInvalid(k);
  const set = (key: keyof TaskForm['release'], v: string) => onChange({ ...value, [key]: v });
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={fieldId(k)} className="sr-only">{`${name} release pattern`}</label>
      <select id={fieldId(k)} className={inputClass} value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as ReleaseKind })} {...invalid}>
        {(['at', 'periodic', 'sporadic'] as const).map((r) => <option key={r} value={r}>{RELEASE_LABEL[r]}</option>)}
      </select>
      <FieldErrors k={k} />
      {value.kind === 'at' && <TextField k={`${k}.at`} label={`${name} release times (ticks, comma separated)`} value={value.at} inputMode="text" wide onChange={(v) => set('at', v)} />}
      {value.kind === 'periodic' && <TextField k={`${k}.period`} label={`${name} period`} value={value.period} onChange={(v) => set('period', v)} />}
      {value.kind === 'sporadic' && (
        <>
          <TextField k={`${k}.minGap`} label={`${name} minimum gap`} value={value.minGap} onChange={(v) => set('minGap', v)} />
          <TextField k={`${k}.maxGap`} label={`${name} maximum gap`} value={value.maxGap} onChange={(v) => set('maxGap', v)} />
        </>
      )}
      {value.kind !== 'at' && <TextField k={`${k}.offset`} label={`${name} first release (offset)`} value={value.offset} onChange={(v) => set('offset', v)} />}
    </div>
  );
}

/** The longest a segment can be, for the bar's proportions ("2-5" counts as 5). */
function barLength(s: SegmentForm): number {
  const nums = s.length.split('-').map(Number).filter((n) => Number.isFinite(n) && n > 0);
  return nums.length > 0 ? Math.max(...nums) : 1;
}

/**
 * A task's body as a bar (run sections solid, migrate_disable() sections hatched),
 * with a control strip per segment: its length as a number (or "min-max"), − and +,
 * run/md switch, and remove. The bar is a picture of the strip; the strip is what the
 * keyboard and screen readers use.
 */
function BodyEditor({ at, name, colour, body, onChange }: { at: string; name: string; colour: string; body: SegmentForm[]; onChange: (b: SegmentForm[]) => void }) {
  const k = `${at}.body`;
  const setSeg = (j: number, s: SegmentForm) => onChange(body.map((o, x) => (x === j ? s : o)));
  const bump = (j: number, d: number) => {
    const s = body[j];
    const n = Number(s.length);
    if (Number.isInteger(n)) setSeg(j, { ...s, length: String(Math.max(1, n + d)) });
  };
  return (
    <div className="flex min-w-72 flex-col gap-1">
      <div aria-hidden="true" className="flex h-5 w-full overflow-hidden rounded border border-line" data-testid={`body-bar-${at}`}>
        {body.map((s, j) => (
          <div
            key={j}
            className="h-full border-r border-ink"
            style={{
              flexGrow: barLength(s),
              background: s.md ? `repeating-linear-gradient(45deg, ${colour}, ${colour} 3px, transparent 3px, transparent 6px)` : colour,
            }}
            title={`${s.md ? 'migrate_disable()' : 'run'} ${s.length}`}
          />
        ))}
      </div>
      <ol className="flex flex-col gap-1" aria-label={`${name} body segments`}>
        {body.map((s, j) => (
          <SegmentRow key={j} k={`${k}[${j}]`} label={`${name} segment ${j + 1}`} seg={s} onChange={(v) => setSeg(j, v)} onBump={(d) => bump(j, d)} onRemove={() => onChange(body.filter((_, x) => x !== j))} />
        ))}
      </ol>
      <div className="flex gap-1">
        <button type="button" className={BTN} onClick={() => onChange([...body, { md: false, length: '2' }])} aria-label={`${name}: + run (add a run section)`}>+ run</button>
        <button type="button" className={BTN} onClick={() => onChange([...body, { md: true, length: '2' }])} aria-label={`${name}: + md (add a migrate_disable() section)`}>+ md</button>
      </div>
      <FieldErrors k={k} />
    </div>
  );
}

function SegmentRow({ k, label, seg, onChange, onBump, onRemove }: { k: string; label: string; seg: SegmentForm; onChange: (s: SegmentForm) => void; onBump: (d: number) => void; onRemove: () => void }) {
  const invalid = useInvalid(k);
  return (
    <li className="flex flex-col">
      <div className="flex flex-wrap items-center gap-1">
        <button
          type="button"
          className={`${BTN} w-14 ${seg.md ? 'border-oi-yellow text-oi-yellow' : ''}`}
          aria-label={seg.md ? `${label}: md section (migrate_disable()), switch to run` : `${label}: run section, switch to md`}
          onClick={() => onChange({ ...seg, md: !seg.md })}
        >
          {seg.md ? 'md' : 'run'}
        </button>
        <label htmlFor={fieldId(k)} className="sr-only">{`${label} length`}</label>
        <input id={fieldId(k)} data-field={k} className={`${inputClass} w-16`} value={seg.length} onChange={(e) => onChange({ ...seg, length: e.target.value })} {...invalid} />
        <button type="button" className={BTN} aria-label={`${label} shorter`} onClick={() => onBump(-1)}>−</button>
        <button type="button" className={BTN} aria-label={`${label} longer`} onClick={() => onBump(1)}>+</button>
        <button type="button" className={BTN} aria-label={`Remove ${label}`} onClick={onRemove}>✕</button>
      </div>
      <FieldErrors k={k} />
    </li>
  );
}
