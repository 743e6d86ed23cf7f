import type { LabRunner } from '../../server/engine/experiment';

/**
 * The hook for user policies in the lab (`--policy my.ts`, bots named `policy:<file>`):
 * given the file, a runner that plays a scenario under that policy. It is called once
 * in the main thread (so a bad file fails before the batch starts) and once per worker.
 *
 * The QuickJS sandbox that runs user code (a separate piece of work) plugs in here;
 * until it does, asking for a user policy is a usage error, never a silent stand-in.
 */
export class UserPolicyUnavailable extends Error {}

export type UserPolicyFactory = (file: string) => Promise<LabRunner>;

export const loadUserPolicy: UserPolicyFactory = async (file) => {
  throw new UserPolicyUnavailable(`--policy ${file}: user policies need the policy sandbox, which this build does not have yet`);
};
