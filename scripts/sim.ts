/**
 * Headless runner (DESIGN.md section 3):
 *   npm run sim -- <scenario.json | built-in slug> [--bot NAME] [--seed N]
 *                  [--md-mode migrate_disable|preempt_disable]
 *                  [--actions FILE] [--trace FILE] [--json]
 * Invalid input exits non-zero with a message naming the field.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { readBuiltinFile } from './builtin-files';
import {
  BOT_NAMES, MD_MODES, parseActionLog, parseScenario, simulate, starsOf, traceLine,
  type Action, type BotName, type MdMode, type Scenario,
} from '../server/engine';

class UsageError extends Error {}

interface Args {
  scenario: string;
  bot?: BotName;
  seed?: number;
  mdMode?: MdMode;
  actions?: string;
  trace?: string;
  json: boolean;
}

const USAGE = 'usage: npm run sim -- <scenario.json | built-in slug> [--bot NAME] [--seed N] [--md-mode MODE] [--actions FILE] [--trace FILE] [--json]';

function parseArgs(argv: string[]): Args {
  const out: Partial<Args> & { json: boolean } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--json': out.json = true; break;
      case '--bot': {
        const v = value();
        if (!(BOT_NAMES as readonly string[]).includes(v)) throw new UsageError(`--bot: unknown bot "${v}" (one of ${BOT_NAMES.join(', ')})`);
        out.bot = v as BotName;
        break;
      }
      case '--seed': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new UsageError(`--seed: must be an integer 0..4294967295, got "${v}"`);
        out.seed = Number(v);
        break;
      }
      case '--md-mode': {
        const v = value();
        if (!(MD_MODES as readonly string[]).includes(v)) throw new UsageError(`--md-mode: one of ${MD_MODES.join(', ')}`);
        out.mdMode = v as MdMode;
        break;
      }
      case '--actions': out.actions = value(); break;
      case '--trace': out.trace = value(); break;
      case '-h': case '--help': throw new UsageError(USAGE);
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
        if (out.scenario) throw new UsageError(`one scenario only (got "${out.scenario}" and "${a}")`);
        out.scenario = a;
    }
  }
  if (!out.scenario) throw new UsageError(USAGE);
  return out as Args;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what}: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what}: ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function loadScenarioArg(arg: string): Scenario {
  let json: unknown;
  let source = arg;
  if (arg.endsWith('.json') || existsSync(arg)) {
    json = readJson(arg, 'scenario');
  } else {
    const found = readBuiltinFile(arg);
    if (!found) throw new UsageError(`scenario: no file "${arg}" and no built-in scenario with slug "${arg}"`);
    source = found.path;
    json = found.json;
  }
  const parsed = parseScenario(json);
  if (!parsed.ok) {
    throw new UsageError(`scenario ${source} is invalid:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  }
  return parsed.value;
}

function loadActions(file: string): Action[] {
  const parsed = parseActionLog(readJson(file, 'actions'));
  if (!parsed.ok) throw new UsageError(`actions ${file} are invalid:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return parsed.value;
}

function main(argv: string[]): number {
  const args = parseArgs(argv);
  const scenario = loadScenarioArg(args.scenario);
  const actions = args.actions ? loadActions(args.actions) : [];
  for (const [i, a] of actions.entries()) {
    if (a.tick >= scenario.duration) throw new UsageError(`actions[${i}].tick: ${a.tick} is past the scenario's duration (${scenario.duration})`);
  }
  let traceFd: number | null = null;
  if (args.trace) {
    try {
      traceFd = openSync(args.trace, 'w');
    } catch (e) {
      throw new UsageError(`--trace: cannot write ${args.trace}: ${(e as Error).message}`);
    }
  }
  const fd = traceFd;
  const { result } = simulate(scenario, {
    actions,
    ...(args.bot ? { bot: args.bot } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.mdMode ? { mdMode: args.mdMode } : {}),
    ...(fd !== null ? { onTick: (s) => writeSync(fd, JSON.stringify(traceLine(s)) + '\n') } : {}),
  });
  if (fd !== null) closeSync(fd);
  if (args.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  const m = result.metrics;
  const stars = starsOf(scenario, result);
  const lines = [
    `${scenario.title} (${scenario.slug}) — bot ${result.bot}, seed ${result.seed}, ${result.ticks} ticks`,
    `score ${result.score}  stars ${'★'.repeat(stars)}${'☆'.repeat(3 - stars)}  hash ${result.finalHash}`,
    `jobs ${m.jobs}: met ${m.met}, missed ${m.missed}, pending ${m.pending}; tardiness ${m.tardiness}`,
    `stranded CPU-ticks ${m.strandedCpuTicks}, wasted CPU-ticks ${m.wastedCpuTicks}, idle CPU-ticks ${m.idleCpuTicks}, inversion ticks ${m.inversionTicks}`,
    `migrations ${m.migrations} (player ${m.playerMigrations}, bot ${m.botMigrations}), preemptions ${m.preemptions}`,
    'task  jobs  met  missed  tardiness  maxResp  stranded  wasted',
    ...Object.entries(m.tasks).map(([id, t]) => `${id.padEnd(5)} ${String(t.jobs).padStart(4)} ${String(t.met).padStart(4)} ${String(t.missed).padStart(7)} ${String(t.tardiness).padStart(10)} ${String(t.maxResponse).padStart(8)} ${String(t.strandedTicks).padStart(9)} ${String(t.wastedTicks).padStart(7)}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`sim: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
