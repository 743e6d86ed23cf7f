/**
 * The project's command-line scripts exactly as `npm run <name> -- ...` runs them: tsx
 * started directly (npm's own start-up costs seconds on a loaded machine), or through
 * npm itself where a test is about the npm script. A failing exit is a result, not a throw.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function settle(p: Promise<{ stdout: string; stderr: string }>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await p;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** `scripts/<script>` (e.g. 'sim.ts') with tsx. */
export function runScript(script: string, args: readonly string[]): Promise<CliResult> {
  return settle(run(process.execPath, ['--import', 'tsx', path.join('scripts', script), ...args], { cwd: ROOT, maxBuffer: 64 << 20 }));
}

/** `npm run -s <name> -- args`. */
export function runNpm(name: string, args: readonly string[]): Promise<CliResult> {
  return settle(run('npm', ['run', '-s', name, '--', ...args], { cwd: ROOT, maxBuffer: 64 << 20 }));
}
