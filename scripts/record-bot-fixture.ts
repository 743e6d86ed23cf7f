/**
 * Records what the bots do today on the port cases (tests/helpers/bot-port-cases.ts)
 * into tests/fixtures/bot-port.json; tests/property/bot-port.test.ts checks every
 * later engine against it. Re-record only for a deliberate change of the physics or
 * of a bot, and say why in the commit.
 *   npx tsx scripts/record-bot-fixture.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { portCases, recordCase, type PortRecord } from '../tests/helpers/bot-port-cases';

const out: Record<string, PortRecord> = {};
for (const c of portCases()) out[c.name] = recordCase(c);
const file = fileURLToPath(new URL('../tests/fixtures/bot-port.json', import.meta.url));
writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
console.log(`${Object.keys(out).length} runs recorded in ${file}`);
