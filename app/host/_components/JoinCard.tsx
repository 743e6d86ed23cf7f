'use client';
/**
 * The join code as the class sees it on the projector: huge monospace letters (the
 * code alphabet has no 0/O or 1/I), a QR code of the join link, and the link itself.
 */
import { useEffect, useState } from 'react';

export function JoinCard({ code, joinPath, large }: { code: string; joinPath: string; /** Projector and the join-code overlay: bigger code and QR. */ large?: boolean }) {
  const [url, setUrl] = useState('');
  const [qr, setQr] = useState<string | null>(null);

  useEffect(() => {
    const link = `${window.location.origin}${joinPath}`;
    setUrl(link);
    let alive = true;
    // SVG needs no canvas and scales crisply on a projector. The encoder is fetched here, not with the page.
    import('qrcode')
      .then(({ default: QRCode }) => QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#0b0f17', light: '#ffffff' } }))
      .then((svg) => alive && setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => alive && setQr(null));
    return () => {
      alive = false;
    };
  }, [joinPath]);

  return (
    <section aria-labelledby="join-code-title" className="flex flex-col items-center gap-6 rounded-xl border border-line bg-panel p-6 md:flex-row md:items-center">
      <div className="flex-1 text-center md:text-left">
        <h2 id="join-code-title" className="text-sm uppercase tracking-widest text-muted">Join code</h2>
        <p
          data-testid="join-code"
          aria-label={`Join code ${code.split('').join(' ')}`}
          className={`mt-1 font-mono font-bold tracking-[0.2em] text-fg ${large ? 'text-8xl lg:text-[9rem] lg:leading-none' : 'text-6xl sm:text-7xl lg:text-8xl'}`}
        >
          {code}
        </p>
        <p className={`mt-3 ${large ? 'text-2xl text-fg' : 'text-muted'}`}>
          Open <span className="font-semibold text-fg">/join</span> and type the code, or scan the QR code:
        </p>
        {url && (
          <a href={joinPath} data-testid="join-link" className={`mt-1 inline-block break-all font-mono text-oi-sky underline underline-offset-4 ${large ? 'text-3xl' : ''}`}>
            {url}
          </a>
        )}
      </div>
      <div className={`shrink-0 rounded-lg bg-white p-2 ${large ? 'h-80 w-80' : 'h-48 w-48'}`}>
        {qr ? (
          // A data URL of a generated SVG: next/image adds nothing here.
          <img src={qr} alt={`QR code linking to ${url}`} width={large ? 304 : 176} height={large ? 304 : 176} className="h-full w-full" data-testid="join-qr" />
        ) : (
          <div className="flex h-full items-center justify-center text-center text-sm text-ink">QR code loading…</div>
        )}
      </div>
    </section>
  );
}
