import { parentPort, workerData } from 'node:worker_threads';
import { runnersFor, runSets, type LabTask } from './run';

/** A lab worker: runs the sets it is handed, answers with their CSV lines, in order. */
const { experiment } = workerData as { experiment: import('../../server/engine/experiment').Experiment };
const port = parentPort!;
const runners = runnersFor(experiment.bots);

port.on('message', (task: LabTask) => {
  void runners.then(
    (r) => port.postMessage({ id: task.id, lines: runSets(experiment, r, task.from, task.to) }),
    (e: unknown) => port.postMessage({ id: task.id, error: (e as Error).message }),
  );
});
