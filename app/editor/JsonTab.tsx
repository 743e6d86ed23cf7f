'use client';

import { useMemo } from 'react';
import { parseScenarioText } from '../../server/engine';

/**
 * The scenario as format-1 JSON: edit or paste it here, and the form follows as soon as
 * the text is JSON again. Broken JSON and every validation error are listed with their
 * line and column (scenario-text.ts).
 */
export function JsonTab({ text, onText }: { text: string; onText: (t: string) => void }) {
  const result = useMemo(() => parseScenarioText(text), [text]);
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor="scenario-json" className="text-sm text-muted">Format-1 JSON (paste a scenario file here, or edit it; the form follows)</label>
      <textarea
        id="scenario-json"
        data-testid="json-text"
        className="h-[28rem] w-full rounded border border-line bg-ink p-2 font-mono text-xs text-fg"
        spellCheck={false}
        value={text}
        onChange={(e) => onText(e.target.value)}
        aria-describedby="json-errors"
      />
      <div id="json-errors" aria-live="polite">
        {result.ok
          ? <p className="text-xs text-muted">Valid format-1 scenario.</p>
          : (
            <ul className="flex flex-col gap-0.5 text-xs text-oi-orange" data-testid="json-errors">
              {result.errors.map((e, i) => (
                <li key={i}>
                  {e.line !== undefined ? `line ${e.line}, column ${e.column}: ` : ''}
                  {e.path !== '(json)' ? `${e.path}: ` : ''}{e.message}
                </li>
              ))}
            </ul>
          )}
      </div>
    </div>
  );
}
