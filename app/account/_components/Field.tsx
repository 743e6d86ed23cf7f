/** A labelled input with its error under it, tied by aria-describedby. */
export function Field(p: {
  id: string; label: string; hint?: string; error?: string | undefined; type?: string; value: string;
  onChange: (v: string) => void; autoComplete: string; required?: boolean;
}) {
  const describedBy = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={p.id} className="block font-medium">{p.label}</label>
      {p.hint && <p id={`${p.id}-hint`} className="text-sm text-muted">{p.hint}</p>}
      <input
        id={p.id} name={p.id} type={p.type ?? 'text'} value={p.value} onChange={(e) => p.onChange(e.target.value)}
        autoComplete={p.autoComplete} required={p.required} aria-invalid={!!p.error} aria-describedby={describedBy}
        spellCheck={false} autoCapitalize="none"
        className="mt-1 w-full rounded border border-line bg-ink px-3 py-2"
      />
      {p.error && <p id={`${p.id}-err`} role="alert" className="mt-1 text-sm text-oi-vermillion">{p.error}</p>}
    </div>
  );
}

/** The error that concerns no single field (wrong password, rate limit). */
export function FormError({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return <p role="alert" data-testid="form-error" className="rounded-md border border-oi-vermillion/60 bg-oi-vermillion/10 px-3 py-2 text-sm">{message}</p>;
}
