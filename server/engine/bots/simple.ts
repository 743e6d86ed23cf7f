import type { Bot } from './types';

/** No balancer: wakeups land where the task last ran and only the player moves tasks. */
export const noneBot: Bot = {
  name: 'none',
  summary: 'No balancer: tasks wake where they last ran; only the player moves them.',
  selectCpu: (s, t) => ({ cpu: s.tasks[t].cpu, rule: 'prev-cpu' }),
  balance: () => {},
};

/** Sticky: wake on the previous CPU, never migrate (a partitioned system). */
export const stickyBot: Bot = {
  name: 'sticky',
  summary: 'Partitioned: every task wakes on its previous CPU and is never migrated.',
  selectCpu: (s, t) => ({ cpu: s.tasks[t].cpu, rule: 'sticky' }),
  balance: () => {},
};
