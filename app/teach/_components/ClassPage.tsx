'use client';

import Link from 'next/link';
import { useCallback } from 'react';
import { fetchClassResults } from '../../lib/teach-api';
import { Refused } from './SignInNeeded';
import { usePolled } from './usePolled';
import { panel } from './format';

/** A class: each nickname's results across the tagged rooms' rounds and assignments, with a CSV. */
export function ClassPage({ id }: { id: string }) {
  const fetcher = useCallback(() => fetchClassResults(id), [id]);
  const { answer } = usePolled(fetcher, 0);
  if (!answer) return <p role="status" className="text-muted">Loading the class…</p>;
  if (!answer.ok) return <Refused failure={answer} what="class" />;
  const { class: c, columns, rows } = answer.value;
  return (
    <div className="flex flex-col gap-4">
      <p><Link href="/teach" className="text-oi-sky underline">← My teaching</Link></p>
      <h1 className="text-3xl font-bold tracking-tight">{c.name}</h1>
      <p className="text-muted">
        Each nickname&apos;s results in the rooms and assignments tagged with this class (tag them on <Link className="text-oi-sky underline" href="/teach">My teaching</Link>).
        Rounds show the score and rank; assignments the best verified score, rank and attempts.{' '}
        <a href={`/api/classes/${c.id}/results.csv`} download className="text-oi-sky underline">Download (CSV)</a>
      </p>
      {columns.length === 0 ? <p className={panel}>Nothing tagged with this class yet.</p> : (
        <div className="overflow-x-auto">
          <table className="text-sm" data-testid="class-results">
            <thead>
              <tr className="text-left text-muted">
                <th className="pr-3">Nickname</th>
                {columns.map((col) => (
                  <th key={col.kind === 'round' ? `${col.room}-${col.round}` : col.id} className="pr-3">
                    {col.kind === 'round' ? <>Room {col.room}, round {col.round}<br />{col.title}</> : <>Assignment {col.code}<br />{col.title}</>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.nickname} className="border-t border-line">
                  <td className="pr-3">{r.nickname}</td>
                  {r.cells.map((cell, i) => (
                    <td key={i} className="pr-3 font-mono">
                      {!cell ? '–' : cell.status === 'played' ? `${cell.score} (#${cell.rank})` : cell.status}
                      {cell?.attempts !== undefined ? `, ${cell.attempts} att.` : ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
