// The simulation worker's entry (pool.ts): registers tsx's loader in this thread, then
// loads the TypeScript worker. The same under `npm start` (node --import tsx), `npm run
// dev` (the tsx CLI) and vitest, whose loaders a worker thread does not inherit reliably.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
