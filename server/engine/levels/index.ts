import type { ScenarioInput } from '../scenario';
import preemption from './01-preemption.json';
import idleCpus from './02-idle-cpus.json';
import pinning from './03-pinning.json';
import pileUp from './04-pile-up.json';
import pushThePreemptor from './05-push-the-preemptor.json';
import stopperRace from './06-stopper-race.json';
import mHighest from './07-m-highest.json';
import preemptVsMigrate from './08-preempt-vs-migrate.json';
import edf from './09-edf.json';
import affinity from './10-affinity.json';
import migrationCost from './11-migration-cost.json';
import openProblem from './12-open-problem.json';

/**
 * The built-in campaign, in teaching order: one idea per level. Pure data (static
 * JSON imports), so the browser can import it as well as the server.
 *
 * JSON imports are typed with widened strings ("fifo" becomes string), hence the
 * cast; every file is validated with parseScenario by tests/unit/campaign.
 */
const asInput = (json: unknown): ScenarioInput => json as ScenarioInput;

export const BUILTIN_SCENARIOS: readonly ScenarioInput[] = [
  preemption,
  idleCpus,
  pinning,
  pileUp,
  pushThePreemptor,
  stopperRace,
  mHighest,
  preemptVsMigrate,
  edf,
  affinity,
  migrationCost,
  openProblem,
].map(asInput);

/** The idea each level teaches, for menus and hints. */
export const CAMPAIGN_IDEAS: Readonly<Record<string, string>> = {
  preemption: 'Preemption on one CPU',
  'idle-cpus': 'Using idle CPUs',
  pinning: 'Pinning: a migrate-disabled task cannot move, move the other one',
  'pile-up': 'The pile-up from the email',
  'push-the-preemptor': 'Pushing the preemptor (Linux 5.11, R4/R5)',
  'stopper-race': 'The rescue is subject to migrate_disable too (MDF_PUSH, R0)',
  'm-highest': 'The M highest should run: inversion with no idle CPU (R2, rt-migrate-test)',
  'preempt-vs-migrate': 'preempt_disable vs migrate_disable: latency vs utilisation',
  edf: 'Earliest deadline first (SCHED_DEADLINE, R9)',
  affinity: 'Affinity constraints: shifting tasks along their masks',
  'migration-cost': 'Migration cost: moving is not free',
  'open-problem': 'The open problem: a hard, sporadic, many-CPU level',
};

export const CAMPAIGN_SLUGS: readonly string[] = BUILTIN_SCENARIOS.map((s) => s.slug);

export function builtinBySlug(slug: string): ScenarioInput | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.slug === slug);
}
