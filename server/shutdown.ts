/**
 * A shutdown that always ends. The steps run in order, each failure logged, but the whole is cut
 * off at a deadline: a step waiting on a database that stopped answering used to hold SIGTERM
 * forever (only kill -9 ended the process). Whatever was not written by then is in the outbox
 * on disk and is written at the next start.
 */
import type { Logger } from './rooms';

export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown>;
}

/** What main.ts waits at most before exiting anyway. */
export const DEFAULT_SHUTDOWN_DEADLINE_MS = 5_000;

export async function shutdownWithin(steps: readonly ShutdownStep[], deadlineMs: number, logger: Logger): Promise<'done' | 'deadline'> {
  let current = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), deadlineMs);
  });
  const orderly = (async () => {
    for (const step of steps) {
      current = step.name;
      try {
        await step.run();
      } catch (e) {
        logger.error('shutdown step failed', { step: step.name, error: String(e) });
      }
    }
    return 'done' as const;
  })();
  const out = await Promise.race([orderly, deadline]);
  clearTimeout(timer);
  if (out === 'deadline') logger.error('shutdown deadline reached: exiting with writes pending (kept in the outbox)', { deadlineMs, step: current });
  return out;
}
