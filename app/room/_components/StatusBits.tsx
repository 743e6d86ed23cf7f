'use client';
/**
 * Small shared pieces of the classroom screens: connection banner, room status,
 * round progress. Every state is said in words; colour and shape only repeat it.
 */
import type { RoomStatus, RoomStorage, VersionReason } from '@/server/protocol';
import type { ConnState } from '@/app/lib/room-client';
import { reasonText, storageText } from '@/app/lib/room-reasons';

export function ConnBanner({ conn }: { conn: ConnState }) {
  if (conn === 'online') return null;
  return (
    <div role="status" aria-live="polite" className="mb-4 flex items-center gap-2 rounded-md border border-oi-orange/60 bg-oi-orange/10 px-3 py-2 text-sm">
      <span aria-hidden="true" className="inline-block h-2.5 w-2.5 animate-pulse rounded-full bg-oi-orange" />
      {conn === 'connecting' ? 'Connecting to the server…' : 'Connection lost. Reconnecting automatically; your seat and score are kept.'}
    </div>
  );
}

/** The host is told when finished runs could not be saved yet (a storage failure on the server). */
export function StorageWarning({ storage }: { storage: RoomStorage }) {
  return (
    <div role="alert" data-testid="storage-warning" className="flex items-start gap-2 rounded-md border border-oi-vermillion/70 bg-oi-vermillion/10 px-3 py-2 text-sm">
      <span aria-hidden="true" className="font-bold text-oi-vermillion">!</span>
      <span><strong>Results not saved yet.</strong> {storageText(storage)}</span>
    </div>
  );
}

const STATUS_TEXT: Record<RoomStatus, { label: string; icon: string; cls: string }> = {
  lobby: { label: 'Lobby: waiting to start', icon: '◌', cls: 'border-oi-sky/60 text-oi-sky' },
  running: { label: 'Running', icon: '▶', cls: 'border-oi-green/70 text-oi-green' },
  paused: { label: 'Paused', icon: '❚❚', cls: 'border-oi-yellow/70 text-oi-yellow' },
  ended: { label: 'Ended', icon: '■', cls: 'border-line text-muted' },
};

export function StatusBadge({ status, large }: { status: RoomStatus; /** Projector size. */ large?: boolean }) {
  const s = STATUS_TEXT[status];
  return (
    <span data-testid="room-status" data-status={status} className={`inline-flex items-center gap-1.5 rounded-full border font-medium ${large ? 'px-4 py-1 text-2xl' : 'px-2.5 py-0.5 text-sm'} ${s.cls}`}>
      <span aria-hidden="true">{s.icon}</span>
      {s.label}
    </span>
  );
}

export function RoundProgress({ tick, duration }: { tick: number; duration: number }) {
  const pct = duration > 0 ? Math.min(100, Math.round((tick / duration) * 100)) : 0;
  return (
    <div className="flex items-center gap-3 text-sm text-muted">
      <div
        role="progressbar"
        aria-label="Round progress"
        aria-valuemin={0}
        aria-valuemax={duration}
        aria-valuenow={tick}
        aria-valuetext={`tick ${tick} of ${duration}`}
        className="h-2 w-48 overflow-hidden rounded-full bg-panel2"
      >
        <div className="h-full bg-oi-sky" style={{ width: `${pct}%` }} />
      </div>
      <span className="tabular-nums" data-testid="round-tick">tick {tick} / {duration}</span>
    </div>
  );
}

export function Online({ connected, compact }: { connected: boolean; compact?: boolean }) {
  const word = connected ? 'online' : 'offline';
  return (
    <span className={`inline-flex items-center gap-1 ${connected ? 'text-oi-green' : 'text-oi-orange'}`} title={word}>
      <span aria-hidden="true">{connected ? '●' : '○'}</span>
      <span className={compact ? 'sr-only' : ''}>{word}</span>
    </span>
  );
}

/** A page-level state: loading, empty, error. */
export function Notice({ kind, title, children }: { kind: 'loading' | 'error' | 'info'; title: string; children?: React.ReactNode }) {
  const cls = kind === 'error' ? 'border-oi-vermillion/60 bg-oi-vermillion/10' : 'border-line bg-panel';
  return (
    <section role={kind === 'error' ? 'alert' : 'status'} aria-busy={kind === 'loading'} className={`rounded-lg border p-5 ${cls}`}>
      <h2 className="text-lg font-semibold">
        {kind === 'loading' && <span aria-hidden="true" className="mr-2 inline-block h-3 w-3 animate-pulse rounded-full bg-oi-sky" />}
        {title}
      </h2>
      {children && <div className="mt-2 text-sm text-muted">{children}</div>}
    </section>
  );
}

/**
 * The page and the server speak different protocol versions: an old page reloads
 * (the new one is already served); a page newer than the server waits for it.
 */
export function VersionMismatch({ reason }: { reason: VersionReason }) {
  const oldPage = reason === 'protocol/client-too-old';
  return (
    <Notice kind="error" title={oldPage ? 'This page is out of date' : 'The server is being updated'}>
      {reasonText(reason)}{' '}
      <button type="button" className="text-oi-sky underline" onClick={() => window.location.reload()}>
        {oldPage ? 'Reload now' : 'Try again'}
      </button>
    </Notice>
  );
}
