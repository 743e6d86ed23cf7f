'use client';

import { useId } from 'react';
import { RULE_GLOSSARY, ruleCodesIn, splitRuleCodes } from '../lib/glossary';

/**
 * A rule code in running text: a link to its glossary entry, with the plain words in
 * a tooltip shown on hover and on keyboard focus (and read as its description).
 */
export function RuleTerm({ code }: { code: string }) {
  const id = useId();
  const g = RULE_GLOSSARY[code];
  if (!g) return <>{code}</>;
  return (
    <span className="group relative inline-block">
      <a
        href={`#rule-${code}`}
        aria-describedby={id}
        data-rule={code}
        className="rounded font-mono font-semibold text-oi-sky underline decoration-dotted underline-offset-2 hover:decoration-solid"
      >
        {code}
      </a>
      <span
        id={id}
        role="tooltip"
        className="pointer-events-none invisible absolute bottom-full left-1/2 z-30 mb-1 w-64 -translate-x-1/2 rounded bg-black/95 px-2 py-1 text-left text-xs font-normal normal-case leading-snug tracking-normal text-fg shadow-lg group-focus-within:visible group-hover:visible"
      >
        <strong>{code}: {g.name}.</strong> {g.plain}
      </span>
    </span>
  );
}

/** Text with every rule code in it turned into a RuleTerm. */
export function RuleText({ text }: { text: string }) {
  return (
    <>
      {splitRuleCodes(text).map((p, i) => ('code' in p ? <RuleTerm key={i} code={p.code} /> : <span key={i}>{p.text}</span>))}
    </>
  );
}

/** The glossary entries of the codes these texts mention: where each RuleTerm links to. */
export function RuleGlossary({ texts }: { texts: readonly string[] }) {
  const codes = ruleCodesIn(texts);
  if (codes.length === 0) return null;
  return (
    <details open className="mt-3 text-sm" data-testid="rule-glossary">
      <summary className="cursor-pointer font-semibold">Kernel rules named here, in plain words</summary>
      <dl className="mt-1 grid gap-x-3 gap-y-1 sm:grid-cols-[auto_1fr]">
        {codes.map((c) => (
          <div key={c} className="contents">
            <dt id={`rule-${c}`} className="scroll-mt-4 font-mono font-semibold text-oi-sky">{c}</dt>
            <dd className="text-muted"><span className="text-fg">{RULE_GLOSSARY[c].name}.</span> {RULE_GLOSSARY[c].plain} <span className="text-[11px]">({RULE_GLOSSARY[c].kernel})</span></dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
