'use client';
/**
 * The join code, QR and link over everything, at projector size: once the round
 * has started the dashboard needs the space, but latecomers (and the next round's
 * newcomers) still need the code. A modal dialog: Escape or the button closes it,
 * and focus returns to what opened it.
 */
import { useEffect, useRef } from 'react';
import { JoinCard } from './JoinCard';

export function JoinCodeOverlay({ code, onClose }: { code: string; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  // The page re-renders every second (standings): the dialog's set-up must run once, not per render.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onCloseRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      opener?.focus?.();
    };
  }, []);
  return (
    <div role="dialog" aria-modal="true" aria-label={`Join code ${code}`} data-testid="join-overlay"
      className="fixed inset-0 z-50 flex items-center justify-center bg-ink/95 p-6">
      <div className="w-full max-w-6xl space-y-4">
        <JoinCard code={code} joinPath={`/join/${code}`} large />
        <div className="text-center">
          <button ref={closeRef} type="button" onClick={onClose} className="rounded-lg border border-line bg-panel px-6 py-3 text-lg font-semibold hover:bg-panel2">
            Close (Esc)
          </button>
        </div>
      </div>
    </div>
  );
}
