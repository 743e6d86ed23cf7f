import { simulate } from '../engine';
import type { LabRunner } from '../engine/experiment';
import type { PolicyFault } from './errors';
import type { PolicyFactory } from './policy';

/**
 * A loaded user policy as a lab runner: each run gets a fresh sandbox instance, disposed
 * when the run ends. The one runner of user policies in experiments, for the command-line
 * lab (scripts/lab/user-policy.ts) and the server's `lab-policy` job (server/sim/jobs.ts),
 * so both give the same rows.
 */
export function policyRunner(factory: PolicyFactory, onFault?: (fault: PolicyFault | null) => void): LabRunner {
  return (scenario, simSeed) => {
    const policy = factory.create();
    try {
      const { result } = simulate(scenario, { seed: simSeed, policy });
      // A stopped call does not stop the run (it goes on as under `none`): the caller hears of it.
      onFault?.(policy.fault);
      return result;
    } finally {
      policy.dispose();
    }
  };
}
