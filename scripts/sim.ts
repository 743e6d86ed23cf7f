/**
 * Headless runner (DESIGN.md section 3):
 *   npm run sim -- <scenario.json | built-in slug> [--bot NAME] [--seed N]
 *                  [--md-mode migrate_disable|preempt_disable]
 *                  [--actions FILE] [--trace FILE] [--json]
 *   npm run sim -- <scenario> --bot par [--budget-ms N | --budget-work N] [--json]
 *                  (par: the best log found for the scenario's balancer; --budget-ms is
 *                  calibrated into work units, par-budget.ts; --budget-work reproduces a result)
 *   npm run sim -- daily:YYYY-MM-DD ...                            (a day's daily challenge, up to today UTC)
 *   npm run sim -- <scenario> --policy my-policy.ts [...]         (a user policy, run in the sandbox: README "Sandbox")
 * Invalid input exits non-zero with a message naming the field (2); a user policy that
 * was stopped during the run (a sandbox fault) exits 3 after the results.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { readBuiltinFile } from './builtin-files';
import {
  BOT_NAMES, MD_MODES, baselineScores, dailyPar, dailyScenario, isCalendarDate, normalizeBotName, parseActionLog, parseJsonText, parseScenario, parseScenarioText,
  simulate, solvePar, starsOf, traceLine,
  type Action, type BotName, type MdMode, type ParResult, type Scenario, type ScenarioTextError,
} from '../server/engine';
import { builtinParFor, physicsOf } from '../server/engine/levels/par';
import { parWithinMs } from './par-budget';
import type { SandboxedPolicy } from '../server/sandbox';

class UsageError extends Error {}

interface Args {
  scenario: string;
  bot?: BotName;
  seed?: number;
  mdMode?: MdMode;
  actions?: string;
  trace?: string;
  json: boolean;
  /** --bot par: search the best action log for the scenario's own balancer. */
  par: boolean;
  /** Par's search budget in wall-clock milliseconds (calibrated into work units: par-budget.ts). */
  budgetMs?: number;
  /** Par's search budget in work units (deterministic: the same log on any machine). */
  budgetWork?: number;
  /** A user policy file (TypeScript or JavaScript), run in the sandbox instead of a bot. */
  policy?: string;
}

const USAGE = 'usage: npm run sim -- <scenario.json | built-in slug | daily:YYYY-MM-DD> [--bot NAME | --bot par [--budget-ms N | --budget-work N] | --policy FILE.ts] [--seed N] [--md-mode MODE] [--actions FILE] [--trace FILE] [--json]';

function parseArgs(argv: string[]): Args {
  const out: Partial<Args> & { json: boolean; par: boolean } = { json: false, par: false };
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
        if (v === 'par') {
          out.par = true;
          break;
        }
        const bot = normalizeBotName(v);
        if (!bot) throw new UsageError(`--bot: unknown bot "${v}" (one of ${BOT_NAMES.join(', ')}, or par; global-ideal is accepted for greedy-global)`);
        out.bot = bot;
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
      case '--budget-ms': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--budget-ms: a whole number of milliseconds >= 1, got "${v}"`);
        out.budgetMs = Number(v);
        break;
      }
      case '--budget-work': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new UsageError(`--budget-work: a whole number of work units >= 1, got "${v}"`);
        out.budgetWork = Number(v);
        break;
      }
      case '--actions': out.actions = value(); break;
      case '--policy': out.policy = value(); break;
      case '--trace': out.trace = value(); break;
      case '-h': case '--help': throw new UsageError(USAGE);
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
        if (out.scenario) throw new UsageError(`one scenario only (got "${out.scenario}" and "${a}")`);
        out.scenario = a;
    }
  }
  if (!out.scenario) throw new UsageError(USAGE);
  if (out.budgetMs !== undefined && !out.par) throw new UsageError('--budget-ms only goes with --bot par');
  if (out.budgetWork !== undefined && !out.par) throw new UsageError('--budget-work only goes with --bot par');
  if (out.budgetWork !== undefined && out.budgetMs !== undefined) throw new UsageError('--budget-ms and --budget-work: one budget only');
  if (out.par && out.actions) throw new UsageError('--bot par finds its own actions: drop --actions');
  if (out.policy !== undefined && (out.bot || out.par)) throw new UsageError('--policy replaces the bot: drop --bot');
  return out as Args;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what}: cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Each error as `file:line:column: field: message`, the form editors and terminals link. */
function located(file: string, errors: readonly ScenarioTextError[]): string {
  return errors.map((e) => `  ${file}${e.line !== undefined ? `:${e.line}:${e.column}` : ''}: ${e.path === '(json)' ? '' : `${e.path}: `}${e.message}`).join('\n');
}

function readJson(file: string, what: string): unknown {
  const json = parseJsonText(readText(file, what));
  if (!json.ok) throw new UsageError(`${what}: ${file} is not valid JSON:\n${located(file, json.errors)}`);
  return json.value;
}

const DAILY_PREFIX = 'daily:';

/** The date of a `daily:YYYY-MM-DD` argument, checked: a real calendar day, not after today (UTC). */
function dailyDateOf(arg: string): string | null {
  if (!arg.startsWith(DAILY_PREFIX)) return null;
  const date = arg.slice(DAILY_PREFIX.length);
  if (!isCalendarDate(date)) throw new UsageError(`scenario: "${arg}": the date must be a calendar day written YYYY-MM-DD, e.g. daily:2026-03-01`);
  const today = new Date().toISOString().slice(0, 10);
  if (date > today) throw new UsageError(`scenario: "${arg}": ${date} is in the future (today is ${today} UTC); the daily challenge is published on its day`);
  return date;
}

function loadScenarioArg(arg: string): Scenario {
  const date = dailyDateOf(arg);
  if (date) return dailyScenario(date);
  if (arg.endsWith('.json') || existsSync(arg)) {
    // A file gets every error with its line and column.
    const parsed = parseScenarioText(readText(arg, 'scenario'));
    if (!parsed.ok) throw new UsageError(`scenario ${arg} is invalid:\n${located(arg, parsed.errors)}`);
    return parsed.value;
  }
  const found = readBuiltinFile(arg);
  if (!found) throw new UsageError(`scenario: no file "${arg}" and no built-in scenario with slug "${arg}"`);
  const parsed = parseScenario(found.json);
  if (!parsed.ok) throw new UsageError(`scenario ${found.path} is invalid:\n${located(found.path, parsed.errors)}`);
  return parsed.value;
}

function loadActions(file: string): Action[] {
  const parsed = parseActionLog(readJson(file, 'actions'));
  if (!parsed.ok) throw new UsageError(`actions ${file} are invalid:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return parsed.value;
}

/**
 * Par of this scenario and seed where it is known: the one just searched (--bot par),
 * a built-in level's stored par, or a daily challenge's (searched now, about 2 s).
 * Unknown under another mdMode than the scenario's: par was searched for its own.
 */
function knownPar(scenario: Scenario, seed: number, args: Args, searched: ParResult | null): { score: number; bound: number; optimal: boolean } | null {
  const pick = (p: { score: number; bound: number; optimal: boolean }) => ({ score: p.score, bound: p.bound, optimal: p.optimal });
  if (searched) return pick(searched);
  if (args.mdMode && args.mdMode !== scenario.mdMode) return null;
  const stored = builtinParFor(scenario, seed);
  if (stored) return pick(stored);
  const date = /^daily-(.+)$/.exec(scenario.slug)?.[1];
  if (date && isCalendarDate(date) && seed === scenario.seed && physicsOf(dailyScenario(date)) === physicsOf(scenario)) return pick(dailyPar(date));
  return null;
}

/** The user policy of --policy, loaded into the sandbox; a source that cannot be a policy is a usage error. */
async function loadPolicyArg(file: string): Promise<SandboxedPolicy> {
  // Loaded only for --policy: TypeScript and QuickJS take a while to import.
  const { loadPolicy, LoadError } = await import('../server/sandbox');
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--policy: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const factory = await loadPolicy(source, file);
    // What the policy logs goes to stderr, so --json keeps stdout for the result.
    return factory.create({ onLog: (line, call, tick) => process.stderr.write(`[${factory.name} ${call}() tick ${tick}] ${line}\n`) });
  } catch (e) {
    if (e instanceof LoadError) throw new UsageError(`--policy: ${e.message}`);
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  // With --json, stdout carries the one JSON object and nothing else (`npm run -s sim ... --json > f`):
  // any diagnostic, from here or a module, goes to stderr.
  if (args.json) console.log = console.info = console.error;
  const loaded = loadScenarioArg(args.scenario);
  const scenario = args.par && args.mdMode ? { ...loaded, mdMode: args.mdMode } : loaded;
  let par: ParResult | null = null;
  /** The work budget of the search that gave `par`, when the command line set one. */
  let budgetWork: number | null = null;
  const daily = dailyDateOf(args.scenario);
  const seedOpt = args.seed !== undefined ? { seed: args.seed } : {};
  if (args.par && daily && args.budgetMs === undefined && args.budgetWork === undefined && args.seed === undefined && !args.mdMode) {
    // The day's own par: the fixed budget everyone computes it with.
    par = dailyPar(daily);
  } else if (args.par && args.budgetMs !== undefined) {
    ({ par, budgetWork } = parWithinMs(scenario, args.budgetMs, seedOpt));
  } else if (args.par) {
    par = solvePar(scenario, { ...seedOpt, ...(args.budgetWork !== undefined ? { budget: { work: args.budgetWork } } : {}) });
    budgetWork = args.budgetWork ?? null;
  }
  const actions = par ? par.actions : args.actions ? loadActions(args.actions) : [];
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
  const policy = args.policy !== undefined ? await loadPolicyArg(args.policy) : undefined;
  const { result, state } = simulate(scenario, {
    actions,
    ...(policy ? { policy } : {}),
    ...(args.bot && !par ? { bot: args.bot } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.mdMode ? { mdMode: args.mdMode } : {}),
    ...(fd !== null ? { onTick: (s) => writeSync(fd, JSON.stringify(traceLine(s)) + '\n') } : {}),
  });
  if (fd !== null) closeSync(fd);
  policy?.dispose();
  const fault = policy ? (await import('../server/sandbox')).faultOf(state.policy) : null;
  if (fault) process.stderr.write(`sim: policy ${policy?.name} stopped: ${(await import('../server/sandbox')).describeFault(fault)}; the run went on as bot none\n`);
  const exitCode = fault ? 3 : 0;
  // The score against the level's yardstick (stars.ts), whichever bot ran it.
  const parKnown = knownPar(scenario, result.seed, args, par);
  const stars = starsOf(scenario, result, parKnown?.score ?? null, baselineScores(scenario, result.seed, args.mdMode));
  if (args.json) {
    const parFields = par ? { bound: par.bound, optimal: par.optimal, proof: par.proof, method: par.method, work: par.work, ...(budgetWork !== null ? { budgetWork } : {}), actions: par.actions } : {};
    const yardstick = { ...(scenario.goals ? { stars } : {}), ...(parKnown ? { par: parKnown } : {}) };
    process.stdout.write(JSON.stringify({ ...result, ...yardstick, ...parFields, ...(policy ? { policyFault: fault } : {}) }) + '\n');
    return exitCode;
  }
  const m = result.metrics;
  const lines = [
    `${scenario.title} (${scenario.slug}) — ${result.policy !== undefined ? `policy ${result.policy} (sandboxed)` : `bot ${result.bot}`}, seed ${result.seed}, ${result.ticks} ticks`,
    ...(par ? [`par ${par.score} (bound ${par.bound}, ${par.optimal ? `optimal: ${par.proof}` : 'not proven optimal'}; ${par.method}, ${par.actions.length} actions, ${par.work} work units${budgetWork !== null ? ` of a budget of ${budgetWork}: --budget-work ${budgetWork} reproduces it` : ''})`] : []),
    ...(!par && parKnown ? [`par ${parKnown.score} (bound ${parKnown.bound}${parKnown.optimal ? ', optimal' : ', not proven optimal'})`] : []),
    `score ${result.score}  stars ${'★'.repeat(stars)}${'☆'.repeat(3 - stars)}  hash ${result.finalHash}`,
    `jobs ${m.jobs}: met ${m.met}, missed ${m.missed}, pending ${m.pending}; tardiness ${m.tardiness}`,
    `stranded CPU-ticks ${m.strandedCpuTicks}, wasted CPU-ticks ${m.wastedCpuTicks}, idle CPU-ticks ${m.idleCpuTicks}, inversion ticks ${m.inversionTicks}`,
    `migrations ${m.migrations} (player ${m.playerMigrations}, bot ${m.botMigrations}), preemptions ${m.preemptions}`,
    'task  jobs  met  missed  tardiness  maxResp  stranded  wasted',
    ...Object.entries(m.tasks).map(([id, t]) => `${id.padEnd(5)} ${String(t.jobs).padStart(4)} ${String(t.met).padStart(4)} ${String(t.missed).padStart(7)} ${String(t.tardiness).padStart(10)} ${String(t.maxResponse).padStart(8)} ${String(t.strandedTicks).padStart(9)} ${String(t.wastedTicks).padStart(7)}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`sim: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      throw e;
    }
  },
);
