import { z } from 'zod';
import { BASELINE_BOTS, BOT_NAMES } from '../engine';
import type { FrameEvent } from './views';

/**
 * POST /api/policies/run, the policy editor's one route (app/policies): its request, its
 * answer, and the load error carried by an `invalid-policy` refusal. The server runs the
 * code in its sandbox on a worker (server/sim/policy-run.ts); nothing runs in the browser.
 */

/** The bots compared with by default: the stars' baselines (sticky, linux-rt-lazy, linux-rt-511, greedy-global). */
export const DEFAULT_POLICY_BOTS = BASELINE_BOTS;

/** The sandbox's load error kinds (server/sandbox/errors.ts LOAD_ERROR_KINDS; a test keeps them equal). */
export const POLICY_LOAD_ERROR_KINDS = ['syntax', 'import', 'too-large', 'exports', 'evaluation'] as const;
/** The sandbox's fault kinds (server/sandbox/errors.ts FAULT_KINDS; a test keeps them equal). */
export const POLICY_FAULT_KINDS = ['budget', 'timeout', 'memory', 'stack', 'threw', 'host-access', 'bad-output', 'bad-state'] as const;

export const policyFaultSchema = z.object({
  kind: z.enum(POLICY_FAULT_KINDS),
  call: z.enum(['describe', 'init', 'selectCpu', 'balance', 'migrateEnable']),
  tick: z.number().int().min(0),
  message: z.string(),
});

export const policyLoadErrorSchema = z.object({
  kind: z.enum(POLICY_LOAD_ERROR_KINDS),
  /** 1-based, where the compiler located the first error. */
  line: z.number().int().min(1).nullable(),
  column: z.number().int().min(1).nullable(),
  /** With `evaluation`: how the module's top level was stopped. */
  fault: policyFaultSchema.nullable(),
});
export type PolicyLoadErrorDetail = z.infer<typeof policyLoadErrorSchema>;

/** Characters of source accepted (the sandbox then holds it to 256 KiB of UTF-8). */
export const MAX_POLICY_SOURCE_CHARS = 256 * 1024;

export const policyRunRequestSchema = z.strictObject({
  source: z.string().min(1, { error: 'the policy is empty' }).max(MAX_POLICY_SOURCE_CHARS, { error: `the policy is over ${MAX_POLICY_SOURCE_CHARS} characters` }),
  /** Names the policy when it exports no `name`, and picks TypeScript or JavaScript (.ts, .js). */
  filename: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'filename: letters, digits, _ . - only' }).default('policy.ts'),
  /** A built-in level by slug, or a format-1 scenario (checked by the engine's validator). */
  scenario: z.union([z.strictObject({ slug: z.string().min(1).max(80) }), z.strictObject({ json: z.unknown() })]),
  /** Default: the scenario's own seed. */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  bots: z.array(z.enum(BOT_NAMES)).max(BOT_NAMES.length).default([...DEFAULT_POLICY_BOTS]),
  /** Also run par where the level stores it. */
  par: z.boolean().default(true),
});
export type PolicyRunRequest = z.input<typeof policyRunRequestSchema>;

const int = z.number().int();

export const runFiguresSchema = z.object({
  score: int, jobs: int, met: int, missed: int, wastedCpuTicks: int, strandedCpuTicks: int, idleCpuTicks: int,
  inversionTicks: int, migrations: int, preemptions: int, tardiness: int, dropped: int,
});

/** A history frame (views.ts HistoryFrame): the events of its ticks and the machine after them. */
const historyFrameSchema = z.object({
  tick: int,
  // Engine events, as the rooms send them: checked for their tag and tick, typed as the engine's.
  events: z.array(z.looseObject({ type: z.string(), tick: int })).transform((e) => e as unknown as FrameEvent[]),
  cpus: z.array(z.object({ cpu: int, running: z.string().nullable(), queue: z.array(z.string()) })),
  pinned: z.array(z.object({ task: z.string(), cpu: int })),
});

export const balancerRunSchema = z.object({
  /** `policy`, a bot's name, or `par`. */
  id: z.string(),
  kind: z.enum(['policy', 'bot', 'par']),
  figures: runFiguresSchema,
  stars: z.number().int().min(0).max(3).nullable(),
  fault: policyFaultSchema.nullable(),
  /** Its timeline as history frames; `cutAt`: the tick where it was cut to keep the answer small (null: whole). */
  history: z.object({ since: int, frames: z.array(historyFrameSchema), cutAt: int.nullable() }),
});
export type BalancerRunWire = z.infer<typeof balancerRunSchema>;

export const policyRunResponseSchema = z.object({
  policy: z.object({ name: z.string(), summary: z.string() }),
  scenario: z.object({ slug: z.string(), title: z.string(), cpus: int, duration: int, seed: int }),
  /** The policy's run first, then the bots in the order asked, then par. */
  runs: z.array(balancerRunSchema),
  /** What the policy printed with console.log (bounded). */
  logs: z.array(z.object({ tick: int, call: z.string(), line: z.string() })),
});
export type PolicyRunResponse = z.infer<typeof policyRunResponseSchema>;
