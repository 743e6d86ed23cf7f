import { BUILTIN_SCENARIOS } from '../../server/engine/levels';
import { SOLUTIONS } from '../../server/engine/levels/solutions';
import {
  generateScenarioInput, intInRange, loadScenario, seedRng, simulate,
  type Action, type BotName, type GameEvent, type Scenario, type ScenarioInput,
} from '../../server/engine';

/**
 * The runs that pin today's bots (issue 12): every bot that existed before balancers
 * became policy objects, on every built-in level (empty log, and the level's worked
 * solution so player moves interleave with the bot's) and on generated task sets of
 * every kind the engine knows (fifo and edf, affinities, preempt_disable, migration
 * cost, stopper delay, player moves from a seeded stream). Recorded once with the
 * engine before the port (scripts/record-bot-fixture.ts), compared after it
 * (tests/property/bot-port.test.ts): same hash, score, figures and trace.
 */

/** The bots of the recording, spelled out: bots added later are not part of it. */
export const PORTED_BOTS = ['none', 'sticky', 'linux-rt-lazy', 'linux-rt-511', 'greedy-global'] as const satisfies readonly BotName[];

export interface PortCase {
  /** Unique name, the fixture's key. */
  name: string;
  scenario: Scenario;
  bot: BotName;
  actions: readonly Action[];
}

export interface PortRecord {
  finalHash: string;
  score: number;
  jobs: number;
  met: number;
  missed: number;
  tardiness: number;
  stranded: number;
  wasted: number;
  idle: number;
  inversion: number;
  migrations: number;
  botMigrations: number;
  preemptions: number;
  contextSwitches: number;
  refused: number;
  /** FNV-1a of the whole metrics summary (per task and per CPU figures included), as JSON. */
  summaryDigest: string;
  /** FNV-1a of every tick's events, as JSON, in order: the trace, rule names and kernel notes included. */
  eventsDigest: string;
}

class Fnv {
  private h = 0x811c9dc5;
  add(text: string): void {
    for (let i = 0; i < text.length; i++) this.h = Math.imul(this.h ^ text.charCodeAt(i), 0x01000193);
  }
  hex(): string {
    return (this.h >>> 0).toString(16).padStart(8, '0');
  }
}

function digest(text: string): string {
  const f = new Fnv();
  f.add(text);
  return f.hex();
}

/** Moves from a seeded stream: most are legal, some are refused (pinned, affinity, asleep...). */
function randomActions(scenario: Scenario, seed: number, count: number): Action[] {
  const r = seedRng(seed ^ 0x0ac71045);
  const out: Action[] = [];
  for (let i = 0; i < count; i++) {
    const tick = intInRange(r, 0, scenario.duration - 1);
    const task = scenario.tasks[intInRange(r, 0, scenario.tasks.length - 1)].id;
    const cpu = intInRange(r, 0, scenario.cpus - 1);
    out.push({ tick, type: intInRange(r, 0, 3) === 0 ? 'place' : 'migrate', task, cpu });
  }
  return out.sort((a, b) => a.tick - b.tick);
}

interface Shape {
  cpus: number;
  tasks: number;
  cls: 'fifo' | 'edf';
  mdShare: number;
  affinityShare: number;
  mdMode: 'migrate_disable' | 'preempt_disable';
  migrationCost: number;
  stopperDelay: number;
  utilisation: number;
  moves: number;
}

const SHAPES: Shape[] = [
  { cpus: 2, tasks: 5, cls: 'fifo', mdShare: 0.5, affinityShare: 0, mdMode: 'migrate_disable', migrationCost: 0, stopperDelay: 0, utilisation: 0.8, moves: 0 },
  { cpus: 4, tasks: 12, cls: 'fifo', mdShare: 0.75, affinityShare: 0, mdMode: 'migrate_disable', migrationCost: 0, stopperDelay: 0, utilisation: 0.75, moves: 0 },
  { cpus: 4, tasks: 12, cls: 'fifo', mdShare: 0.5, affinityShare: 0.5, mdMode: 'migrate_disable', migrationCost: 2, stopperDelay: 1, utilisation: 0.7, moves: 40 },
  { cpus: 8, tasks: 24, cls: 'fifo', mdShare: 1, affinityShare: 0.25, mdMode: 'migrate_disable', migrationCost: 1, stopperDelay: 0, utilisation: 0.85, moves: 0 },
  { cpus: 4, tasks: 10, cls: 'fifo', mdShare: 0.5, affinityShare: 0, mdMode: 'preempt_disable', migrationCost: 0, stopperDelay: 0, utilisation: 0.7, moves: 20 },
  { cpus: 3, tasks: 8, cls: 'edf', mdShare: 0.5, affinityShare: 0, mdMode: 'migrate_disable', migrationCost: 0, stopperDelay: 0, utilisation: 0.8, moves: 0 },
  { cpus: 6, tasks: 16, cls: 'edf', mdShare: 0.75, affinityShare: 0, mdMode: 'migrate_disable', migrationCost: 1, stopperDelay: 2, utilisation: 0.75, moves: 30 },
  { cpus: 16, tasks: 48, cls: 'fifo', mdShare: 0.5, affinityShare: 0.1, mdMode: 'migrate_disable', migrationCost: 0, stopperDelay: 0, utilisation: 0.7, moves: 0 },
];

const SEEDS_PER_SHAPE = 4;
const DURATION = 1500;

export function portCases(bots: readonly BotName[] = PORTED_BOTS): PortCase[] {
  const cases: PortCase[] = [];
  for (const input of BUILTIN_SCENARIOS) {
    const scenario = loadScenario(input);
    for (const bot of bots) {
      cases.push({ name: `level:${scenario.slug}:${bot}:empty`, scenario, bot, actions: [] });
      const solution = SOLUTIONS[scenario.slug];
      if (solution) cases.push({ name: `level:${scenario.slug}:${bot}:solution`, scenario, bot, actions: solution });
    }
  }
  SHAPES.forEach((shape, k) => {
    for (let seed = 1; seed <= SEEDS_PER_SHAPE; seed++) {
      const input: ScenarioInput = {
        ...generateScenarioInput({
          seed: seed * 101 + k, cpus: shape.cpus, tasks: shape.tasks, duration: DURATION, utilisation: shape.utilisation,
          mdShare: shape.mdShare, affinityShare: shape.affinityShare, class: shape.cls, mdMode: shape.mdMode, migrationCost: shape.migrationCost,
          ...(k % 2 === 1 ? { deadlineFactor: 0.8 } : {}),
        }),
        stopperDelay: shape.stopperDelay,
      };
      const scenario = loadScenario(input);
      const actions = shape.moves > 0 ? randomActions(scenario, seed * 7 + k, shape.moves) : [];
      for (const bot of bots) cases.push({ name: `gen:${k}:${seed}:${bot}`, scenario, bot, actions });
    }
  });
  return cases;
}

export function recordCase(c: PortCase): PortRecord {
  const events = new Fnv();
  const { result } = simulate(c.scenario, {
    bot: c.bot,
    actions: c.actions,
    onTick: (s) => events.add(JSON.stringify(s.events satisfies GameEvent[])),
  });
  const m = result.metrics;
  return {
    finalHash: result.finalHash,
    score: result.score,
    jobs: m.jobs,
    met: m.met,
    missed: m.missed,
    tardiness: m.tardiness,
    stranded: m.strandedCpuTicks,
    wasted: m.wastedCpuTicks,
    idle: m.idleCpuTicks,
    inversion: m.inversionTicks,
    migrations: m.migrations,
    botMigrations: m.botMigrations,
    preemptions: m.preemptions,
    contextSwitches: m.contextSwitches,
    refused: m.refusedActions,
    summaryDigest: digest(JSON.stringify(m)),
    eventsDigest: events.hex(),
  };
}
