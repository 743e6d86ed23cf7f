import { NO_DECISIONS, type Policy } from '../policy/types';

/** No balancer: wakeups land where the task last ran and only the player moves tasks. */
export const noneBot: Policy<null> = {
  name: 'none',
  summary: 'No balancer: tasks wake where they last ran; only the player moves them.',
  init: () => null,
  selectCpu: (v, t) => ({ cpu: v.tasks[t].cpu, rule: 'prev-cpu' }),
  balance: () => NO_DECISIONS,
};

/** Sticky: wake on the previous CPU, never migrate (a partitioned system). */
export const stickyBot: Policy<null> = {
  name: 'sticky',
  summary: 'Partitioned: every task wakes on its previous CPU and is never migrated.',
  init: () => null,
  selectCpu: (v, t) => ({ cpu: v.tasks[t].cpu, rule: 'sticky' }),
  balance: () => NO_DECISIONS,
};
