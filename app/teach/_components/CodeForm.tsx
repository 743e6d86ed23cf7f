'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { button, input } from './format';

export function CodeForm() {
  const router = useRouter();
  const [code, setCode] = useState('');
  const clean = code.trim().toUpperCase();
  const valid = /^[A-Z0-9]{4,12}$/.test(clean);
  return (
    <form className="flex gap-2" onSubmit={(e) => { e.preventDefault(); if (valid) router.push(`/a/${clean}`); }}>
      <input aria-label="Assignment code" className={`${input} font-mono uppercase`} value={code} onChange={(e) => setCode(e.target.value)} maxLength={12} data-testid="assignment-code-input" />
      <button type="submit" className={button} disabled={!valid}>Open</button>
    </form>
  );
}
