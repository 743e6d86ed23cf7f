/** Dates on the teaching pages: the reader's own locale and time zone. */
export function when(isoDate: string): string {
  return new Date(isoDate).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const STATE_LABEL = { 'not-open': 'not open yet', open: 'open', closed: 'closed' } as const;

export const panel = 'rounded-lg border border-line bg-panel p-4';
export const button = 'rounded-md bg-oi-green px-4 py-2 font-semibold text-ink disabled:opacity-50';
export const input = 'rounded-md border border-line bg-panel2 px-2 py-1.5';
