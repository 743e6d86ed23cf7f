/** CSV (RFC 4180) that spreadsheets open safely. */
import type { RoomResults } from '../db/service';

/**
 * One cell. Text starting with = + - @ (or a tab / carriage return) is prefixed with a
 * quote so a spreadsheet shows it instead of evaluating it (formula injection); numbers are
 * written as numbers, so a negative score stays a number.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * A room's results, one line per student: their nickname, then one column group per
 * round (scenario, score, met, missed, stranded ticks, rank, status), then the totals
 * over the rounds and the total rank. Ranks follow the one ranking rule
 * (protocol/ranking.ts): ties share a rank; a removed or unverified result has none.
 * A student absent from a round has empty cells there.
 */
export function roomResultsCsv(r: RoomResults): string {
  const header = ['nickname'];
  for (const x of r.rounds) {
    const p = `round ${x.round}`;
    header.push(`${p} scenario`, `${p} score`, `${p} met`, `${p} missed`, `${p} stranded ticks`, `${p} rank`, `${p} status`);
  }
  header.push('total score', 'total met', 'total missed', 'total stranded ticks', 'rounds played', 'total rank', 'removed');
  const rows = r.rows.map((row) => {
    const line: (string | number | boolean | null)[] = [row.nickname];
    for (const x of r.rounds) {
      const c = row.rounds[x.round];
      line.push(...(c ? [x.scenarioSlug, c.score, c.met, c.missed, c.stranded, c.rank, c.status] : [null, null, null, null, null, null, 'absent']));
    }
    line.push(row.total.score, row.total.met, row.total.missed, row.total.stranded, row.total.played, row.total.rank, row.removed);
    return line;
  });
  return toCsv(header, rows);
}
