'use client';
/**
 * Co-op: which seat balances which CPU. The server deals the CPUs round-robin at
 * the start; the host can give any CPU to any player, before or during the round.
 */
import { useId } from 'react';
import type { SeatInfo } from '../../../server/protocol';

export function CpuAssign({ cpus, seats, disabled, onAssign }: {
  cpus: number;
  seats: SeatInfo[];
  disabled: boolean;
  onAssign: (cpu: number, seatId: string) => void;
}) {
  const id = useId();
  if (seats.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-t`} className="rounded-xl border border-line bg-panel p-4">
      <h2 id={`${id}-t`} className="font-semibold">Who balances which CPU</h2>
      <p className="mt-1 text-sm text-muted">CPUs nobody was given are dealt out in join order when the round starts.</p>
      <ul className="mt-3 grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: cpus }, (_, cpu) => {
          const owner = seats.find((s) => s.cpus.includes(cpu));
          return (
            <li key={cpu} className="flex items-center gap-2">
              <label htmlFor={`${id}-${cpu}`} className="w-14 font-mono text-sm"><span className="sr-only">Owner of </span>CPU {cpu}</label>
              <select id={`${id}-${cpu}`} value={owner?.seatId ?? ''} disabled={disabled}
                onChange={(e) => e.target.value && onAssign(cpu, e.target.value)}
                className="min-w-0 flex-1 rounded-md border border-line bg-panel2 px-2 py-1.5 text-sm">
                {!owner && <option value="">dealt at start</option>}
                {seats.map((s) => <option key={s.seatId} value={s.seatId}>{s.nick}</option>)}
              </select>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
