import type { Experiment, LabFigures, LabRow } from '../../server/engine/experiment';

/** Messages between the lab page and its Web Worker (app/lab/lab.worker.ts). */
export type LabWorkerRequest =
  | { type: 'experiment'; experiment: Experiment; bots: string[] }
  /** A format-1 scenario file, every bot on it, and par within `parWork` work units (0: none). */
  | { type: 'scenario'; scenario: unknown; bots: string[]; parWork: number };

export interface ParFigures {
  score: number;
  bound: number;
  optimal: boolean;
  method: string;
  work: number;
}

export interface ScenarioResults {
  title: string;
  cpus: number;
  duration: number;
  tasks: number;
  seed: number;
  balancer: string;
  results: ({ bot: string } & LabFigures)[];
  par: ParFigures | null;
}

export type LabWorkerReply =
  | { type: 'set'; index: number; rows: LabRow[] }
  | ({ type: 'scenario' } & ScenarioResults)
  | { type: 'par'; par: ParFigures }
  | { type: 'error'; message: string }
  | { type: 'done' };
