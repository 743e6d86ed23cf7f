/**
 * Okabe–Ito colours (safe for the common colour-vision deficiencies), in an order
 * that keeps neighbouring tasks apart. Colour only helps: every chip also shows its
 * task id, so tasks that share a colour (more than seven tasks) stay distinguishable.
 */
const TASK_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'] as const;

/**
 * Text colour readable on each task colour: at least 4.5:1 (WCAG AA for the chips'
 * small text). Only the blue is dark enough for white; white on the green (3.4:1) and
 * the vermillion (3.9:1) falls short, dark text reaches 5.5:1 and 4.9:1 there.
 */
const TEXT_ON = ['#111', '#111', '#111', '#111', '#fff', '#111', '#111'] as const;

export function taskColour(index: number): string {
  return TASK_COLOURS[((index % TASK_COLOURS.length) + TASK_COLOURS.length) % TASK_COLOURS.length];
}

export function taskTextColour(index: number): string {
  return TEXT_ON[((index % TEXT_ON.length) + TEXT_ON.length) % TEXT_ON.length];
}

/** Marker colours in the Gantt; each marker also has its own shape (see Gantt.tsx's legend). */
export const MARK = {
  release: '#93a0b5',
  deadline: '#F0E442',
  miss: '#D55E00',
  complete: '#009E73',
  preempt: '#CC79A7',
  player: '#56B4E9',
  bot: '#E69F00',
  stranded: '#D55E00',
} as const;
