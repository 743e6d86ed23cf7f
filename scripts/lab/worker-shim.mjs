// A worker thread cannot take `--import tsx` on Node 20 (its loader hooks do not reach the
// worker): register tsx here, then load the TypeScript worker named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
