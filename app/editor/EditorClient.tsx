'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { parseJsonText, parseScenario, scenarioToJson } from '../../server/engine';
import { campaignLevels } from '../lib/campaign';
import { readDraft, writeDraft } from '../lib/editorDraft';
import { BALANCERS, blankForm, cpuCount, fieldId, fieldOf, formToJson, jsonToForm, placeErrors, type EditorForm } from '../lib/editorForm';
import { BOT_LABEL } from '../lib/explain';
import { ErrorsContext, FieldErrors, SelectField, TextField, useInvalid } from './fields';
import { JsonTab } from './JsonTab';
import { LessonMarkdown } from '../components/LessonMarkdown';
import { PreviewPanel } from './PreviewPanel';
import { PublishPanel } from './PublishPanel';
import { TaskTable } from './TaskTable';
import { usePreview } from './usePreview';
import { downloadText } from '../lib/download';

const BTN = 'rounded border border-line px-3 py-1 text-sm hover:border-oi-sky disabled:opacity-50';

/**
 * /editor: a level built in a form (or as JSON), validated as it is typed by the
 * engine's own parser (every error at its field), previewed live in a Web Worker, and
 * kept as a draft in localStorage. A signed-in teacher publishes it (PublishPanel).
 */
export function EditorClient() {
  const [form, setForm] = useState<EditorForm | null>(null);
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [withPar, setWithPar] = useState(false);
  const [start, setStart] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // The draft is read after the first paint: the server has no localStorage.
  useEffect(() => { setForm(readDraft() ?? blankForm()); }, []);
  useEffect(() => { if (form) writeDraft(form); }, [form]);

  const json = useMemo(() => (form ? formToJson(form) : null), [form]);
  const jsonString = useMemo(() => (json ? JSON.stringify(json, null, 2) : ''), [json]);
  // Keyed on the file's text: an edit that changes nothing in the file does not re-run the preview.
  const result = useMemo(() => (jsonString ? parseScenario(JSON.parse(jsonString)) : null), [jsonString]);
  const errors = result && !result.ok ? result.errors : [];
  const placed = useMemo(() => (form ? placeErrors(errors, form) : null), [errors, form]);
  const preview = usePreview(result?.ok ? result.value : null, withPar);

  if (!form || !placed) return <p role="status" className="text-muted">Loading your draft…</p>;

  const set = <K extends keyof EditorForm>(key: K, v: EditorForm[K]) => setForm({ ...form, [key]: v });
  const setGoal = (key: keyof EditorForm['goals'], v: string) => setForm({ ...form, goals: { ...form.goals, [key]: v } });

  const openJson = () => { setJsonText(jsonString); setTab('json'); };
  const onJsonText = (t: string) => {
    setJsonText(t);
    const parsed = parseJsonText(t);
    if (parsed.ok) setForm(jsonToForm(parsed.value));
  };
  const copyLevel = () => {
    const level = campaignLevels().find((l) => l.slug === start);
    const next = level ? jsonToForm({ ...scenarioToJson(level.scenario), slug: `${level.slug}-copy`, title: `${level.scenario.title} (copy)` }) : blankForm();
    setForm(next);
    setJsonText(JSON.stringify(formToJson(next), null, 2));
    setNote(level ? `Started a new draft from “${level.scenario.title}”.` : 'Started a blank draft.');
  };
  const exportJson = () => {
    downloadText(`${form.slug || 'scenario'}.json`, `${jsonString}\n`, 'application/json');
  };
  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const text = await file.text();
    setTab('json');
    onJsonText(text);
    setNote(`Imported ${file.name}.`);
  };

  return (
    <ErrorsContext.Provider value={placed.byField}>
      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end gap-2">
          <div className="flex flex-col">
            <label htmlFor="start-from" className="text-xs text-muted">Start from</label>
            <select id="start-from" className="rounded border border-line bg-ink px-2 py-1 text-sm" value={start} onChange={(e) => setStart(e.target.value)}>
              <option value="">A blank level</option>
              {campaignLevels().map((l) => <option key={l.slug} value={l.slug}>Built-in: {l.scenario.title}</option>)}
            </select>
          </div>
          <button type="button" className={BTN} onClick={copyLevel}>New draft</button>
          <span className="mx-2 h-6 border-l border-line" aria-hidden="true" />
          <button type="button" className={BTN} onClick={exportJson}>Export JSON</button>
          <button type="button" className={BTN} onClick={() => fileInput.current?.click()}>Import JSON file</button>
          <input ref={fileInput} type="file" accept=".json,application/json" className="sr-only" tabIndex={-1} aria-hidden="true" data-testid="import-file" onChange={(e) => { void importFile(e); }} />
          {result?.ok
            ? <Link className={BTN} href="/editor/play">Play it</Link>
            : <span className={`${BTN} opacity-50`} aria-disabled="true" title="Fix the errors first">Play it</span>}
        </div>
        {note && <p role="status" className="text-xs text-muted">{note} Your draft is saved in this browser as you type.</p>}

        <ErrorSummary errors={errors} form={form} />
        <PublishPanel json={json} slug={form.slug} valid={!!result?.ok} />

        <div role="tablist" aria-label="Edit as" className="flex gap-1 border-b border-line">
          <button type="button" role="tab" id="tab-form" aria-selected={tab === 'form'} aria-controls="panel-form" className={`px-3 py-1 text-sm ${tab === 'form' ? 'border-b-2 border-oi-sky text-fg' : 'text-muted'}`} onClick={() => setTab('form')}>Form</button>
          <button type="button" role="tab" id="tab-json" aria-selected={tab === 'json'} aria-controls="panel-json" className={`px-3 py-1 text-sm ${tab === 'json' ? 'border-b-2 border-oi-sky text-fg' : 'text-muted'}`} onClick={openJson}>JSON</button>
        </div>

        {tab === 'json'
          ? <div role="tabpanel" id="panel-json" aria-labelledby="tab-json"><JsonTab text={jsonText} onText={onJsonText} /></div>
          : (
            <div role="tabpanel" id="panel-form" aria-labelledby="tab-form" className="flex flex-col gap-6">
              <section aria-labelledby="machine-title" className="flex flex-col gap-3">
                <h2 id="machine-title" className="text-xl font-semibold">Level and machine</h2>
                <div className="flex flex-wrap gap-3">
                  <TextField k="title" label="Title" value={form.title} inputMode="text" onChange={(v) => set('title', v)} />
                  <TextField k="slug" label="Slug (its name in links)" value={form.slug} inputMode="text" onChange={(v) => set('slug', v)} />
                  <TextField k="cpus" label="CPUs" value={form.cpus} onChange={(v) => set('cpus', v)} />
                  <SelectField k="class" label="Scheduling class" value={form.class} onChange={(v) => set('class', v)} options={[{ value: 'fifo', label: 'SCHED_FIFO (priorities)' }, { value: 'edf', label: 'SCHED_DEADLINE (EDF)' }]} />
                  <SelectField k="mdMode" label="Sections are" value={form.mdMode} onChange={(v) => set('mdMode', v)} options={[{ value: 'migrate_disable', label: 'migrate_disable()' }, { value: 'preempt_disable', label: 'preempt_disable()' }]} />
                  <TextField k="migrationCost" label="Migration cost (ticks)" value={form.migrationCost} onChange={(v) => set('migrationCost', v)} />
                  <SelectField k="balancer" label="Default balancer" value={form.balancer} onChange={(v) => set('balancer', v)} options={BALANCERS.filter((b) => b !== 'none').map((b) => ({ value: b, label: BOT_LABEL[b as keyof typeof BOT_LABEL] ?? b }))} />
                  <TextField k="duration" label="Duration (ticks)" value={form.duration} onChange={(v) => set('duration', v)} />
                  <TextField k="seed" label="Seed" value={form.seed} onChange={(v) => set('seed', v)} />
                  <TextField k="stopperDelay" label="Stopper delay (ticks)" value={form.stopperDelay} onChange={(v) => set('stopperDelay', v)} />
                </div>
                <TextArea k="summary" label="Summary (one or two sentences)" value={form.summary} rows={2} onChange={(v) => set('summary', v)} />
              </section>

              <section aria-labelledby="tasks-title" className="flex flex-col gap-2">
                <h2 id="tasks-title" className="text-xl font-semibold">Tasks</h2>
                <p className="text-xs text-muted">A body runs its segments in order: run sections may migrate, md sections are inside migrate_disable(). A length is ticks, or a range such as 2-5 drawn per job.</p>
                <TaskTable form={form} cpus={cpuCount(form)} setTasks={(tasks) => set('tasks', tasks)} />
              </section>

              <section aria-labelledby="lesson-title" className="flex flex-col gap-2">
                <h2 id="lesson-title" className="text-xl font-semibold">Lesson</h2>
                <div className="grid gap-3 md:grid-cols-2">
                  <TextArea k="lesson" label="Lesson (Markdown: # headings, - lists, **bold**, *emphasis*, `code`)" value={form.lesson} rows={8} onChange={(v) => set('lesson', v)} />
                  <div className="rounded border border-line p-3">
                    <p className="mb-1 text-xs text-muted">As players see it</p>
                    <LessonMarkdown source={form.lesson} />
                  </div>
                </div>
              </section>

              <section aria-labelledby="goals-title" className="flex flex-col gap-2">
                <h2 id="goals-title" className="text-xl font-semibold">Goals</h2>
                <div className="flex flex-wrap gap-3">
                  <TextField k="goals.parShare" label="Par share (0 to 0.5)" inputMode="decimal" value={form.goals.parShare} onChange={(v) => setGoal('parShare', v)} hint="where par is known" />
                  <TextField k="goals.maxMissed" label="Most missed deadlines for 3 stars" value={form.goals.maxMissed} onChange={(v) => setGoal('maxMissed', v)} />
                  <TextField k="goals.maxStranded" label="Most stranded CPU-ticks for 3 stars" value={form.goals.maxStranded} onChange={(v) => setGoal('maxStranded', v)} />
                </div>
                <TextArea k="goals.text" label="Goal lines shown before the level starts (one per line, at most 6)" value={form.goals.text} rows={3} onChange={(v) => setGoal('text', v)} />
              </section>
            </div>
          )}

        <PreviewPanel preview={preview} valid={!!result?.ok} withPar={withPar} setWithPar={setWithPar} />
      </div>
    </ErrorsContext.Provider>
  );
}

function TextArea({ k, label, value, rows, onChange }: { k: string; label: string; value: string; rows: number; onChange: (v: string) => void }) {
  const invalid = useInvalid(k);
  return (
    <div className="flex flex-col">
      <label htmlFor={fieldId(k)} className="text-xs text-muted">{label}</label>
      <textarea id={fieldId(k)} data-field={k} rows={rows} className="w-full rounded border border-line bg-ink p-2 text-sm text-fg" value={value} onChange={(e) => onChange(e.target.value)} {...invalid} />
      <FieldErrors k={k} />
    </div>
  );
}

/** Every error at once: those with a field link to it; those without one (unknown keys, the file as a whole) are only here. */
function ErrorSummary({ errors, form }: { errors: readonly { path: string; message: string }[]; form: EditorForm }) {
  if (errors.length === 0) return <p className="text-sm text-oi-green" data-testid="error-summary" data-count={0}>No errors: this is a valid level.</p>;
  return (
    <div role="region" aria-label="Errors" data-testid="error-summary" data-count={errors.length} className="rounded border border-oi-orange/60 p-3 text-sm">
      <p className="font-semibold">{errors.length} problem{errors.length === 1 ? '' : 's'} to fix</p>
      <ul className="mt-1 list-disc pl-5 text-xs">
        {errors.map((e, i) => {
          const key = fieldOf(e.path, form);
          return (
            <li key={i} data-testid={key ? undefined : 'unplaced-error'}>
              {key ? <a className="underline" href={`#${fieldId(key)}`}>{e.path}</a> : <span>{e.path}</span>}: {e.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
