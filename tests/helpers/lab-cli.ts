import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
// import.meta, not __dirname: Playwright loads this file as an ES module.
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run lab` on an experiment JSON, run in a fresh directory holding the given policy
 * files (so `policy:<file>` bots read them as a user would), with extra flags; answers
 * the CSV it wrote. tsx is loaded by path: the directory has no node_modules.
 */
export async function labCliCsv(experimentJson: string, files: Record<string, string> = {}, flags: string[] = []): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-cli-'));
  writeFileSync(path.join(dir, 'experiment.json'), experimentJson);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  await run(process.execPath, ['--import', tsx, path.join(root, 'scripts/lab.ts'), '--experiment', 'experiment.json', '--jobs', '1', '--csv', 'out.csv', ...flags], { cwd: dir, maxBuffer: 64 << 20 });
  return readFileSync(path.join(dir, 'out.csv'), 'utf8');
}

/** `npm run lab` with the given flags (as the page's command line gives them), in a directory holding the policy files. */
export async function labCliArgs(args: string[], files: Record<string, string> = {}): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const csvAt = args.indexOf('--csv');
  const out = csvAt >= 0 ? args[csvAt + 1] : 'out.csv';
  await run(process.execPath, ['--import', tsx, path.join(root, 'scripts/lab.ts'), ...args, '--jobs', '1', ...(csvAt >= 0 ? [] : ['--csv', out])], { cwd: dir, maxBuffer: 64 << 20 });
  return readFileSync(path.join(dir, out), 'utf8');
}
