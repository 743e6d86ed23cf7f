/**
 * Computes par and its bound for every built-in level and stores them with the levels
 * (server/engine/levels/records/par.json). Deterministic: budgets are in work units, not time,
 * so the same engine always records the same file. Run after any change to the engine
 * or the levels:   npm run par:record
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario, solvePar } from '../server/engine';
import { BUILTIN_SCENARIOS } from '../server/engine/levels';
import { PAR_BUDGETS, DEFAULT_PAR_BUDGET, type StoredPar } from '../server/engine/levels/par';

const out: Record<string, StoredPar> = {};
const started = process.cpuUsage();
for (const input of BUILTIN_SCENARIOS) {
  const scenario = loadScenario(input);
  const work = PAR_BUDGETS[scenario.slug] ?? DEFAULT_PAR_BUDGET;
  const before = process.cpuUsage();
  const par = solvePar(scenario, { budget: { work } });
  const cpu = process.cpuUsage(before);
  out[scenario.slug] = { score: par.score, bound: par.bound, optimal: par.optimal, proof: par.proof, method: par.method, work, actions: par.actions };
  process.stdout.write(`${scenario.slug.padEnd(20)} par ${String(par.score).padStart(6)}  bound ${String(par.bound).padStart(6)}  ${par.optimal ? `optimal (${par.proof})` : 'not proven'}  ${par.method}, ${par.actions.length} actions, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU\n`);
}
const total = process.cpuUsage(started);
const file = fileURLToPath(new URL('../server/engine/levels/records/par.json', import.meta.url));
writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
process.stdout.write(`wrote ${file} in ${((total.user + total.system) / 1e6).toFixed(1)} s CPU\n`);
