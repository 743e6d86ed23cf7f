/**
 * The simulation worker thread: runs one job at a time from the pool (pool.ts) and
 * answers with its output or its error message. Loaded through worker-entry.mjs, which
 * registers tsx first (the server runs TypeScript without a build step).
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './jobs';

export interface JobRequest {
  id: number;
  job: Job;
}

export type JobReply = { id: number; ok: true; output: unknown } | { id: number; ok: false; error: string };

/** Sent once, when the worker has loaded and listens (pool.warm waits for it). */
export interface ReadyMessage {
  ready: true;
}

const port = parentPort;
if (!port) throw new Error('server/sim/worker.ts runs as a worker thread (see pool.ts)');
port.on('message', async ({ id, job }: JobRequest) => {
  let reply: JobReply;
  try {
    reply = { id, ok: true, output: await runJob(job) };
  } catch (e) {
    reply = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies ReadyMessage);
// Loading TypeScript and QuickJS takes seconds (26 s measured under a load of 27): start it
// now, so a first lab-policy job does not spend its time budget on it.
void import('../sandbox').catch(() => {});
