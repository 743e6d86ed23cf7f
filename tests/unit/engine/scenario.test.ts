import { describe, expect, it } from 'vitest';
import { normalizeBotName, parseScenario, scenarioToJson } from '../../../server/engine';

const valid = {
  format: 1, slug: 'pile-up', title: 'The pile-up', cpus: 2, duration: 200, class: 'fifo',
  tasks: [{ id: 'L', priority: 10, cpu: 0, affinity: [0, 1], release: { at: [0] }, deadline: 30, body: [{ run: 2 }, { md: [5, 20] }, { run: 2 }] }],
};

function errorsOf(input: unknown) {
  const r = parseScenario(input);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return r.errors;
}

describe('scenario format 1', () => {
  it('fills every default', () => {
    const r = parseScenario({ ...valid, tasks: [{ ...valid.tasks[0], affinity: undefined }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ mdMode: 'migrate_disable', migrationCost: 0, balancer: 'linux-rt-511', seed: 1, stopperDelay: 0, summary: '', lesson: '' });
    expect(r.value.tasks[0].affinity).toEqual([0, 1]);
    expect(r.value.tasks[0].body).toEqual([{ md: false, length: 2 }, { md: true, length: [5, 20] }, { md: false, length: 2 }]);
  });

  it('round-trips through scenarioToJson', () => {
    const r = parseScenario(valid);
    if (!r.ok) throw new Error('valid');
    const again = parseScenario(scenarioToJson(r.value));
    expect(again).toEqual(r);
  });

  it.each([
    [{ ...valid, format: 2 }, 'format'],
    [{ ...valid, cpus: 65 }, 'cpus'],
    [{ ...valid, class: 'rr' }, 'class'],
    [{ ...valid, balancer: 'cfs' }, 'balancer'],
    [{ ...valid, slug: 'Bad Slug' }, 'slug'],
    [{ ...valid, tasks: [{ ...valid.tasks[0], deadline: 0 }] }, 'tasks[0].deadline'],
    [{ ...valid, tasks: [{ ...valid.tasks[0], body: [{ md: [9, 3] }] }] }, 'tasks[0].body[0].md'],
    [{ ...valid, tasks: [{ ...valid.tasks[0], release: { every: 3 } }] }, 'tasks[0].release'],
    [{ ...valid, tasks: [{ ...valid.tasks[0], release: { sporadic: { minGap: 9, maxGap: 3 } } }] }, 'tasks[0].release.sporadic.maxGap'],
    [{ ...valid, tasks: [{ ...valid.tasks[0], priority: 100 }] }, 'tasks[0].priority'],
    [{ ...valid, tasks: [{ ...valid.tasks[0], colour: 'red' }] }, 'tasks[0]'],
  ])('names the bad field (%#: %s)', (input, path) => {
    const errors = errorsOf(input);
    expect(errors.map((e) => e.path)).toContain(path);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(3);
  });

  it('checks fields against each other: CPUs that do not exist, duplicate ids, missing fifo priority', () => {
    const errors = errorsOf({
      ...valid,
      tasks: [
        { ...valid.tasks[0], cpu: 2, affinity: [0, 5] },
        { ...valid.tasks[0], priority: undefined },
      ],
    });
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'tasks[0].cpu', message: expect.stringContaining('CPU 2 does not exist') }),
      expect.objectContaining({ path: 'tasks[0].affinity[1]', message: expect.stringContaining('CPU 5 does not exist') }),
      expect.objectContaining({ path: 'tasks[1].id', message: expect.stringContaining('duplicate') }),
      expect.objectContaining({ path: 'tasks[1].priority' }),
    ]));
  });

  it('refuses a home CPU outside the affinity', () => {
    expect(errorsOf({ ...valid, tasks: [{ ...valid.tasks[0], cpu: 0, affinity: [1] }] })).toEqual([
      expect.objectContaining({ path: 'tasks[0].affinity' }),
    ]);
  });

  it('accepts the old bot name global-ideal and normalises it to greedy-global; refuses unknown names', () => {
    const r = parseScenario({ ...valid, balancer: 'global-ideal' });
    expect(r.ok && r.value.balancer).toBe('greedy-global');
    expect(r.ok && scenarioToJson(r.value).balancer).toBe('greedy-global');
    expect(errorsOf({ ...valid, balancer: 'ideal' })).toEqual([expect.objectContaining({ path: 'balancer' })]);
    expect(normalizeBotName('global-ideal')).toBe('greedy-global');
    expect(normalizeBotName('linux-rt-511')).toBe('linux-rt-511');
    expect(normalizeBotName('toString')).toBeUndefined();
  });

  it('refuses a restricted affinity under edf (the kernel\'s admission control would), not the full one', () => {
    expect(errorsOf({ ...valid, class: 'edf', tasks: [{ ...valid.tasks[0], affinity: [0] }] })).toEqual([
      { path: 'tasks[0].affinity', message: expect.stringMatching(/dl_task_check_affinity: -EBUSY/) },
    ]);
    expect(parseScenario({ ...valid, class: 'edf' }).ok).toBe(true);
  });

  it('does not need a priority under edf', () => {
    const r = parseScenario({ ...valid, class: 'edf', tasks: [{ ...valid.tasks[0], priority: undefined }] });
    expect(r.ok).toBe(true);
  });

  it('refuses non-objects without throwing', () => {
    for (const input of [null, 3, 'x', [], { format: 1 }]) expect(parseScenario(input).ok).toBe(false);
  });
});

describe('daily challenge', () => {
  it('is the same scenario all day and another one the next day', async () => {
    const { dailyScenario, hashState, simulate } = await import('../../../server/engine');
    const a = dailyScenario('2026-11-24');
    expect(dailyScenario('2026-11-24')).toEqual(a);
    expect(a.slug).toBe('daily-2026-11-24');
    const b = dailyScenario('2026-11-25');
    expect(hashState(simulate(b).state)).not.toBe(hashState(simulate(a).state));
    expect(() => dailyScenario('24/11/2026')).toThrow(/YYYY-MM-DD/);
  });

  it('asks for more than letting the kernel play: doing nothing earns no star', async () => {
    const { dailyScenario, simulate, starsOf } = await import('../../../server/engine');
    for (const date of ['2026-11-24', '2026-11-26', '2027-01-01']) {
      const s = dailyScenario(date);
      const idle = simulate(s).result;
      expect(idle.metrics.missed > s.goals!.maxMissed! || idle.metrics.strandedCpuTicks > s.goals!.maxStranded!).toBe(true);
      expect(starsOf(s, idle, null)).toBe(0);
    }
  });
});
