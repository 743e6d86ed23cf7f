import { describe, expect, it } from 'vitest';
import { parseScenario, scenarioToJson } from '../../../server/engine';
import { campaignLevels } from '../../../app/lib/campaign';
import { blankForm, cpuCount, fieldOf, formToJson, jsonToForm, placeErrors, type EditorForm } from '../../../app/lib/editorForm';

const errorsOf = (f: EditorForm) => {
  const r = parseScenario(formToJson(f));
  return r.ok ? [] : r.errors;
};

describe('form <-> format-1 JSON', () => {
  it('a blank draft is a valid level', () => {
    const r = parseScenario(formToJson(blankForm()));
    expect(r.ok).toBe(true);
  });

  it('every built-in level survives JSON -> form -> JSON unchanged', () => {
    for (const level of campaignLevels()) {
      const form = jsonToForm(scenarioToJson(level.scenario));
      const back = parseScenario(formToJson(form));
      expect(back.ok, level.slug).toBe(true);
      if (back.ok) expect(back.value, level.slug).toEqual(level.scenario);
    }
  });

  it('keeps what it reads of an invalid file, so its mistakes show at their fields', () => {
    const form = jsonToForm({ format: 1, slug: 'x', title: 'X', cpus: 2, duration: 100, tasks: [{ id: 'a', priority: 5, cpu: 7, release: { at: [0, 5] }, deadline: 10, body: [{ run: [2, 4] }, { md: 1 }] }] });
    expect(form.tasks[0]).toMatchObject({ cpu: '7', release: { kind: 'at', at: '0, 5' }, body: [{ md: false, length: '2-4' }, { md: true, length: '1' }] });
    expect(errorsOf(form)).toEqual([{ path: 'tasks[0].cpu', message: 'CPU 7 does not exist (cpus is 2)' }]);
  });

  it('passes typed text that is not a number on to the validator, which names its field', () => {
    const f = blankForm();
    f.duration = '12x';
    f.tasks[1].cpu = '';
    const paths = errorsOf(f).map((e) => e.path);
    expect(paths).toContain('duration');
    expect(paths).toContain('tasks[1].cpu');
  });

  it('writes a length range "2-5" as [2, 5], affinity null as no affinity, and drops empty optional fields', () => {
    const f = blankForm();
    f.tasks[0].body = [{ md: true, length: '2-5' }];
    f.tasks[1].affinity = [1];
    f.goals.maxMissed = '1';
    const json = formToJson(f) as { tasks: Record<string, unknown>[]; goals?: unknown };
    expect(json.tasks[0].body).toEqual([{ md: [2, 5] }]);
    expect('affinity' in json.tasks[0]).toBe(false);
    expect(json.tasks[1].affinity).toEqual([1]);
    expect(json.goals).toEqual({ maxMissed: 1 });
    expect(parseScenario(json).ok).toBe(true);
  });

  it('needs a priority under fifo but not under edf', () => {
    const f = blankForm();
    f.tasks[0].priority = '';
    expect(errorsOf(f).map((e) => e.path)).toEqual(['tasks[0].priority']);
    f.class = 'edf';
    expect(errorsOf(f)).toEqual([]);
  });

  it('offers CPU toggles for the typed CPU count only when it is usable', () => {
    expect(cpuCount({ ...blankForm(), cpus: '4' })).toBe(4);
    expect(cpuCount({ ...blankForm(), cpus: 'x' })).toBe(1);
    expect(cpuCount({ ...blankForm(), cpus: '999' })).toBe(1);
  });
});

describe('error path -> form field', () => {
  const form = blankForm(); // two tasks of three segments each

  it.each([
    ['cpus', 'cpus'],
    ['duration', 'duration'],
    ['goals.parShare', 'goals.parShare'],
    ['goals.text[2]', 'goals.text'],
    ['tasks', 'tasks'],
    ['tasks[1].cpu', 'tasks[1].cpu'],
    ['tasks[0].affinity[1]', 'tasks[0].affinity'],
    ['tasks[0].affinity', 'tasks[0].affinity'],
    ['tasks[0].release', 'tasks[0].release'],
    ['tasks[0].release.periodic.period', 'tasks[0].release.period'],
    ['tasks[1].release.sporadic.maxGap', 'tasks[1].release.maxGap'],
    ['tasks[0].release.at[3]', 'tasks[0].release.at'],
    ['tasks[0].body', 'tasks[0].body'],
    ['tasks[0].body[2].md', 'tasks[0].body[2]'],
    ['tasks[0].body[9]', 'tasks[0].body'],
  ])('%s -> %s', (path, field) => {
    expect(fieldOf(path, form)).toBe(field);
  });

  it.each(['(root)', 'format', 'tasks[0]', 'tasks[5].cpu', 'tasks[0].colour', 'goals'])('%s has no field: the summary lists it', (path) => {
    expect(fieldOf(path, form)).toBeNull();
  });

  it('places every validator error of a broken draft at its field, all at once', () => {
    const f = blankForm();
    f.cpus = '2';
    f.tasks[1].cpu = '3';
    f.tasks[0].affinity = [0, 4];
    f.duration = 'abc';
    f.tasks[1].body[0].length = '0';
    f.goals.parShare = '0.9';
    const errors = errorsOf(f);
    const { byField, unplaced } = placeErrors(errors, f);
    expect(unplaced).toEqual([]);
    expect([...byField.keys()].sort()).toEqual(['duration', 'goals.parShare', 'tasks[0].affinity', 'tasks[1].body[0]', 'tasks[1].cpu'].sort());
    expect(byField.get('tasks[1].cpu')).toEqual(['CPU 3 does not exist (cpus is 2)']);
    expect(byField.get('tasks[0].affinity')).toContain('CPU 4 does not exist (cpus is 2)');
  });

  it('puts an error without a field (an unknown key in a pasted file) in the summary', () => {
    const json = { ...formToJson(blankForm()), colour: 'red' };
    const r = parseScenario(json);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const { unplaced, byField } = placeErrors(r.errors, blankForm());
    expect(byField.size).toBe(0);
    expect(unplaced).toHaveLength(1);
    expect(unplaced[0].path).toBe('(root)');
  });
});
