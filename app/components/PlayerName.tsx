'use client';

import { useEffect, useState } from 'react';
import { knownPlayer, renamePlayer } from '../lib/api';

/** The anonymous player's leaderboard name, editable in place. */
export function PlayerName() {
  const [name, setName] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState('');
  useEffect(() => {
    const p = knownPlayer();
    setName(p?.nickname ?? null);
  }, []);
  if (name === null) return null;
  if (!editing) {
    return (
      <p className="text-sm text-muted">
        On leaderboards as <strong className="text-fg" data-testid="player-name">{name}</strong>{' '}
        <button type="button" className="underline" onClick={() => { setDraft(name); setEditing(true); setStatus(''); }}>change</button>
        {status && <span role="status" className="ml-2">{status}</span>}
      </p>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const nick = draft.trim();
        if (!nick) return;
        void renamePlayer(nick).then((r) => {
          if (r.ok) { setName(r.value.nickname); setEditing(false); setStatus('Saved.'); }
          else setStatus(r.message);
        });
      }}
    >
      <label className="flex items-center gap-2">
        Name on leaderboards
        <input value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={32} required autoFocus className="rounded border border-line bg-ink px-2 py-1" />
      </label>
      <button type="submit" className="rounded bg-oi-sky px-3 py-1 font-semibold text-black">Save</button>
      <button type="button" className="underline" onClick={() => setEditing(false)}>Cancel</button>
      {status && <span role="status">{status}</span>}
    </form>
  );
}
