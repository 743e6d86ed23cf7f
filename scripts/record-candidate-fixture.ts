/**
 * Records what the candidate balancers (bots/index.ts CANDIDATE_BOTS) do on the port
 * cases (tests/helpers/bot-port-cases.ts) into tests/fixtures/candidate-bots.json;
 * tests/property/candidate-bots.test.ts checks every later engine against it, as
 * bot-port.json does for the older bots (speed work must not change a result).
 * Re-record only for a deliberate change of the physics or of a bot, and say why in the commit.
 *   npx tsx scripts/record-candidate-fixture.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CANDIDATE_BOTS } from '../server/engine/bots';
import { portCases, recordCase, type PortRecord } from '../tests/helpers/bot-port-cases';

const out: Record<string, PortRecord> = {};
for (const c of portCases(CANDIDATE_BOTS)) out[c.name] = recordCase(c);
const file = fileURLToPath(new URL('../tests/fixtures/candidate-bots.json', import.meta.url));
writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
console.log(`${Object.keys(out).length} runs recorded in ${file}`);
