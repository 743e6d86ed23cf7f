import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LabRunner } from '../../server/engine/experiment';

/**
 * The lab's user policies (`--policy my.ts`, bots named `policy:<file>`): the file is
 * loaded into the QuickJS sandbox (server/sandbox, README "Sandbox") and each run gets a
 * fresh instance, disposed when the run ends. Called once in the main thread (so a bad
 * file fails before the batch starts) and once per worker.
 */
export class UserPolicyUnavailable extends Error {}

export type UserPolicyFactory = (file: string) => Promise<LabRunner>;

export const loadUserPolicy: UserPolicyFactory = async (file) => {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserPolicyUnavailable(`--policy ${file}: cannot read it: ${(e as Error).message}`);
  }
  // Imported only for --policy: TypeScript and QuickJS take a while to load.
  const { loadPolicy, LoadError, policyRunner } = await import('../../server/sandbox');
  let factory: Awaited<ReturnType<typeof loadPolicy>>;
  try {
    factory = await loadPolicy(source, path.basename(file));
  } catch (e) {
    if (e instanceof LoadError) throw new UserPolicyUnavailable(`--policy ${file}: ${e.message}`);
    throw e;
  }
  return policyRunner(factory);
};
