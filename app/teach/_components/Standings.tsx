import type { z } from 'zod';
import type { standingSchema } from '../../../server/protocol';
import { when } from './format';

type Standing = z.infer<typeof standingSchema>;

/** Students ranked by their best verified attempt; one with unverified attempts only is listed without a rank. */
export function Standings({ rows, caption }: { rows: Standing[]; caption: string }) {
  if (rows.length === 0) return <p className="text-sm text-muted">No attempts yet.</p>;
  return (
    <table className="w-full text-sm" data-testid="standings">
      <caption className="text-left font-semibold">{caption}</caption>
      <thead><tr className="text-left text-muted"><th>Rank</th><th>Nickname</th><th>Best score</th><th>Attempts</th><th>Last submission</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.nickname}-${r.lastSubmittedAt}`} className="border-t border-line" data-testid="standing-row">
            <td>{r.rank ?? '–'}</td>
            <td>{r.nickname}</td>
            <td className="font-mono">{r.best ?? 'unverified only'}</td>
            <td>{r.attempts}</td>
            <td>{when(r.lastSubmittedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
