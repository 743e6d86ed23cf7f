import type { ReactNode } from 'react';
import { parseLesson, type Inline } from '../lib/lessonMarkdown';

type Level = 2 | 3 | 4;
const HEADINGS = { 2: 'h2', 3: 'h3', 4: 'h4', 5: 'h5', 6: 'h6' } as const;

/**
 * A lesson's Markdown as React elements and text nodes only (lessonMarkdown.ts): nothing is
 * rendered as HTML, so a teacher's lesson cannot inject markup or script into a student's page.
 */
export function LessonMarkdown({ source, topHeading = 3, text = (t) => t, testId = 'lesson-preview', className = '' }: {
  source: string;
  /** The level a lesson's `#` becomes, below the page's own headings (## and ### follow it). */
  topHeading?: Level;
  /** How running text is rendered (the game links rule codes such as R2 to the glossary). */
  text?: (t: string) => ReactNode;
  testId?: string;
  className?: string;
}) {
  const inline = (parts: Inline[]): ReactNode[] => parts.map((p, i) => {
    if (p.kind === 'strong') return <strong key={i}>{text(p.text)}</strong>;
    if (p.kind === 'em') return <em key={i}>{text(p.text)}</em>;
    if (p.kind === 'code') return <code key={i} className="rounded bg-ink px-1 font-mono text-sm">{p.text}</code>;
    return <span key={i}>{text(p.text)}</span>;
  });
  const blocks = parseLesson(source);
  if (blocks.length === 0) return <p className="text-sm text-muted">No lesson text yet.</p>;
  return (
    <div className={`flex flex-col gap-2 leading-relaxed ${className}`} data-testid={testId}>
      {blocks.map((b, i) => {
        if (b.kind === 'heading') {
          const H = HEADINGS[(topHeading + b.level - 1) as keyof typeof HEADINGS];
          const cls = b.level === 1 ? 'text-xl font-bold' : b.level === 2 ? 'text-lg font-semibold' : 'font-semibold';
          return <H key={i} className={cls}>{inline(b.content)}</H>;
        }
        if (b.kind === 'list') {
          const items = b.items.map((it, j) => <li key={j}>{inline(it)}</li>);
          return b.ordered ? <ol key={i} className="list-decimal pl-5">{items}</ol> : <ul key={i} className="list-disc pl-5">{items}</ul>;
        }
        return <p key={i}>{inline(b.content)}</p>;
      })}
    </div>
  );
}
