import { CommanderError, type Command } from 'commander';

/** A mistake in how a script was called: printed without a stack, exit code 2. */
export class UsageError extends Error {}

/**
 * Parses the arguments with a commander program built with `.exitOverride()` and silent output.
 * True when the script should go on; false when it printed its help (exit 0). A parse error
 * becomes a UsageError whose message ends with `hint` (how to get the usage).
 */
export function parseArgs(cmd: Command, argv: string[], hint: string): boolean {
  try {
    cmd.parse(argv, { from: 'user' });
    return true;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') {
      process.stdout.write(cmd.helpInformation());
      return false;
    }
    throw new UsageError(`${e.message.replace(/^error: /, '')}\n${hint}`);
  }
}

/**
 * How a script ends: its exit code, or its error printed as `name: message` (exit 2 for a usage
 * error, 1 otherwise). `exit`: end the process at once rather than when nothing is left to run.
 */
export function finish(name: string, run: Promise<number>, usage: (e: unknown) => boolean = (e) => e instanceof UsageError, opts: { exit?: boolean } = {}): void {
  const end = (code: number) => {
    process.exitCode = code;
    if (opts.exit) process.exit(code);
  };
  run.then(end, (e: unknown) => {
    if (usage(e)) {
      process.stderr.write(`${name}: ${(e as Error).message}\n`);
      end(2);
    } else {
      process.stderr.write(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      end(1);
    }
  });
}
