import type { ScenarioInput } from '../../server/engine';
import preemption from './01-preemption.json';
import idleCpus from './02-idle-cpus.json';
import pinning from './03-pinning.json';
import pileUp from './04-pile-up.json';

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
].map(asInput);

/** The idea each level teaches, for menus and hints (same order as BUILTIN_SCENARIOS). */
export const CAMPAIGN_IDEAS: Readonly<Record<string, string>> = {
  preemption: 'Preemption on one CPU',
  'idle-cpus': 'Using idle CPUs',
  pinning: 'Pinning: a migrate-disabled task cannot move',
  'pile-up': 'The pile-up from the email',
};

export const CAMPAIGN_SLUGS: readonly string[] = BUILTIN_SCENARIOS.map((s) => s.slug);

export function builtinBySlug(slug: string): ScenarioInput | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.slug === slug);
}
