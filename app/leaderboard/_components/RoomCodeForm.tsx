'use client';
import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { codeSchema, CODE_LENGTH } from '@/server/protocol';

/** Opens a room's leaderboard by its join code. */
export function RoomCodeForm() {
  const router = useRouter();
  const id = useId();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const c = codeSchema.safeParse(code);
        if (!c.success) return setError(`A room code is ${CODE_LENGTH} letters or digits.`);
        router.push(`/leaderboard/room/${c.data}`);
      }}
      className="flex flex-wrap items-end gap-2"
    >
      <div>
        <label htmlFor={id} className="block text-sm font-medium">Room code</label>
        <input id={id} value={code} onChange={(e) => { setCode(e.target.value.toUpperCase()); setError(null); }}
          aria-invalid={!!error} aria-describedby={error ? `${id}-err` : undefined} autoComplete="off" spellCheck={false}
          className="mt-1 w-40 rounded-md border border-line bg-panel2 px-3 py-2 font-mono uppercase tracking-widest" />
      </div>
      <button type="submit" className="rounded-md border border-line px-3 py-2 hover:bg-panel2">Open</button>
      {error && <p id={`${id}-err`} role="alert" className="basis-full text-sm text-fg"><span aria-hidden="true" className="text-oi-orange">⚠ </span>{error}</p>}
    </form>
  );
}
