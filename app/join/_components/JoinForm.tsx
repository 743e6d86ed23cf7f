'use client';
/**
 * Code + nickname. Local checks use the protocol's own schemas; the server's
 * refusal reasons (room/not-found, nick/taken, ...) are shown next to the field
 * they concern. On a shared classroom computer the next student must not inherit
 * the last one's name: the field starts empty, and the name last used here is only
 * offered ("Join as Ada?") with a "Not you?" that forgets it.
 */
import { useEffect, useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { codeSchema, nickSchema, CODE_LENGTH, NICK_MAX } from '@/server/protocol';
import { joinRoom } from '@/app/lib/room-actions';
import { joinField, reasonText } from '@/app/lib/room-reasons';
import Link from 'next/link';
import { clearLastNick, getLastNick, getPlayerToken } from '@/app/lib/room-tokens';

export function JoinForm({ initialCode = '' }: { initialCode?: string }) {
  const router = useRouter();
  const ids = useId();
  const [code, setCode] = useState(initialCode.toUpperCase());
  const [nick, setNick] = useState('');
  const [errors, setErrors] = useState<{ code?: string; nick?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  // This tab already holds a seat in the room the link names: offer the way back.
  const [seated, setSeated] = useState(false);
  // The nickname last used in this browser: offered, never typed in for the next person.
  const [lastNick, setLastNickOffer] = useState('');
  useEffect(() => {
    setLastNickOffer(getLastNick());
    if (initialCode) setSeated(getPlayerToken(initialCode) !== null);
  }, [initialCode]);
  const notMe = () => {
    clearLastNick();
    setLastNickOffer('');
    setNick('');
    document.getElementById(`${ids}-nick`)?.focus();
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const c = codeSchema.safeParse(code);
    const n = nickSchema.safeParse(nick);
    const local = {
      code: c.success ? undefined : `The join code is ${CODE_LENGTH} letters or digits, as shown on the host’s screen.`,
      nick: n.success ? undefined : n.error.issues[0]?.message ?? 'Pick a nickname.',
    };
    setErrors(local);
    if (!c.success || !n.success) return;
    setBusy(true);
    const r = await joinRoom(c.data, n.data);
    if (!r.ok) {
      setBusy(false);
      setErrors({ [joinField(r.reason)]: reasonText(r.reason, r.detail) });
      return;
    }
    router.push(`/room/${r.code}`);
  }

  const err = (k: 'code' | 'nick') => (errors[k] ? `${ids}-${k}-err` : undefined);
  return (
    <form onSubmit={submit} noValidate className="space-y-5 rounded-xl border border-line bg-panel p-5">
      {seated && (
        <p className="rounded-md border border-oi-sky/60 bg-oi-sky/10 px-3 py-2 text-sm">
          You already have a seat in this room.{' '}
          <Link href={`/room/${initialCode.toUpperCase()}`} className="font-semibold text-oi-sky underline">Back to your game</Link>
        </p>
      )}
      <div>
        <label htmlFor={`${ids}-code`} className="block font-medium">Join code</label>
        <input
          id={`${ids}-code`}
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={CODE_LENGTH + 4}
          aria-invalid={!!errors.code}
          aria-describedby={err('code')}
          placeholder="ABC234"
          className="mt-1 w-full rounded-md border border-line bg-panel2 px-3 py-3 font-mono text-3xl tracking-[0.3em] uppercase"
        />
        {errors.code && <p id={err('code')} role="alert" className="mt-1 text-sm text-fg"><span aria-hidden="true" className="text-oi-orange">⚠ </span>{errors.code}</p>}
      </div>
      <div>
        {lastNick && nick !== lastNick && (
          <p className="mb-2 flex flex-wrap items-center gap-2 rounded-md border border-line bg-panel2 px-3 py-2 text-sm" data-testid="last-nick">
            <span>Last used on this computer: <strong className="text-fg">{lastNick}</strong>.</span>
            <button type="button" onClick={() => setNick(lastNick)} className="rounded border border-oi-sky/70 px-2 py-0.5 text-fg hover:bg-oi-sky/15">
              That&apos;s me
            </button>
            <button type="button" onClick={notMe} className="rounded border border-line px-2 py-0.5 hover:bg-panel">
              Not you? Forget it
            </button>
          </p>
        )}
        <label htmlFor={`${ids}-nick`} className="block font-medium">Nickname</label>
        <input
          id={`${ids}-nick`}
          name="nick"
          value={nick}
          onChange={(e) => setNick(e.target.value)}
          autoComplete="nickname"
          maxLength={NICK_MAX + 10}
          aria-invalid={!!errors.nick}
          aria-describedby={err('nick')}
          className="mt-1 w-full rounded-md border border-line bg-panel2 px-3 py-2 text-lg"
        />
        {errors.nick && <p id={err('nick')} role="alert" className="mt-1 text-sm text-fg"><span aria-hidden="true" className="text-oi-orange">⚠ </span>{errors.nick}</p>}
      </div>
      {errors.form && <p role="alert" className="rounded-md border border-oi-vermillion/60 bg-oi-vermillion/10 px-3 py-2 text-sm">{errors.form}</p>}
      <button type="submit" disabled={busy} className="w-full rounded-lg bg-oi-sky px-4 py-3 text-lg font-semibold text-ink hover:brightness-110 disabled:opacity-60">
        {busy ? 'Joining…' : 'Join'}
      </button>
    </form>
  );
}
