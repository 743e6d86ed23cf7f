import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="mx-auto max-w-xl rounded-xl border border-line bg-panel p-6">
      <h1 className="text-2xl font-bold">Nothing here</h1>
      <p className="mt-2 text-muted">This page does not exist (or that level, run or room is unknown).</p>
      <div className="mt-4 flex gap-3">
        <Link href="/campaign" className="rounded-md bg-oi-green px-4 py-2 font-semibold text-ink">Campaign</Link>
        <Link href="/" className="rounded-md border border-line bg-panel2 px-4 py-2 font-semibold">Home</Link>
      </div>
    </section>
  );
}
