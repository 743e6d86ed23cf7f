'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { fieldId } from '../lib/editorForm';

/** Every field's validation messages, by field key (editorForm.ts placeErrors). */
export const ErrorsContext = createContext<ReadonlyMap<string, string[]>>(new Map());

export function useFieldErrors(key: string): string[] {
  return useContext(ErrorsContext).get(key) ?? [];
}

/** The messages of one field, right below it; the input points at them with aria-describedby. */
export function FieldErrors({ k }: { k: string }) {
  const errors = useFieldErrors(k);
  if (errors.length === 0) return null;
  return (
    <ul id={`${fieldId(k)}-error`} data-testid={`error-${k}`} className="mt-1 flex flex-col gap-0.5 text-xs text-oi-orange">
      {errors.map((m, i) => <li key={i}><span aria-hidden="true">⚠ </span>{m}</li>)}
    </ul>
  );
}

/** aria props for an input whose field key is `k`. */
export function useInvalid(k: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  const errors = useFieldErrors(k);
  return errors.length > 0 ? { 'aria-invalid': true, 'aria-describedby': `${fieldId(k)}-error` } : {};
}

const INPUT = 'rounded border border-line bg-ink px-2 py-1 text-sm text-fg aria-[invalid=true]:border-oi-orange';

export function TextField({ k, label, value, onChange, hint, wide, inputMode, compact }: {
  k: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: ReactNode;
  wide?: boolean;
  inputMode?: 'numeric' | 'decimal' | 'text';
  /** In a table cell: the label is for screen readers only. */
  compact?: boolean;
}) {
  const invalid = useInvalid(k);
  return (
    <div className="flex flex-col">
      <label htmlFor={fieldId(k)} className={compact ? 'sr-only' : 'text-xs text-muted'}>{label}</label>
      <input
        id={fieldId(k)}
        data-field={k}
        className={`${INPUT} ${wide ? 'w-full' : compact ? 'w-16' : 'w-32'}`}
        value={value}
        inputMode={inputMode ?? 'numeric'}
        onChange={(e) => onChange(e.target.value)}
        {...invalid}
      />
      {hint && !compact && <span className="text-xs text-muted">{hint}</span>}
      <FieldErrors k={k} />
    </div>
  );
}

export function SelectField<T extends string>({ k, label, value, options, onChange }: {
  k: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  const invalid = useInvalid(k);
  return (
    <div className="flex flex-col">
      <label htmlFor={fieldId(k)} className="text-xs text-muted">{label}</label>
      <select id={fieldId(k)} data-field={k} className={INPUT} value={value} onChange={(e) => onChange(e.target.value as T)} {...invalid}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      <FieldErrors k={k} />
    </div>
  );
}

export const inputClass = INPUT;
