import { loadScenario, type Scenario, type ScenarioInput } from '../../server/engine';

type TaskInput = ScenarioInput['tasks'][number];

/** A small valid scenario with the fields a test does not care about filled in. */
export function scenario(partial: Partial<Omit<ScenarioInput, 'tasks'>> & { tasks: TaskInput[] }): Scenario {
  return loadScenario({
    format: 1,
    slug: 'test',
    title: 'test',
    cpus: 2,
    duration: 60,
    class: 'fifo',
    balancer: 'linux-rt-511',
    ...partial,
  });
}

/** One release at the given ticks, a body of segments, a generous deadline by default. */
export function task(id: string, priority: number, cpu: number, at: number[], body: TaskInput['body'], extra: Partial<TaskInput> = {}): TaskInput {
  return { id, priority, cpu, release: { at }, deadline: 200, body, ...extra };
}
