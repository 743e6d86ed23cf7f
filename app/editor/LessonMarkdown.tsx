import type { ReactNode } from 'react';
import { parseLesson, type Inline } from '../lib/lessonMarkdown';

function inline(parts: Inline[]): ReactNode[] {
  return parts.map((p, i) => {
    if (p.kind === 'strong') return <strong key={i}>{p.text}</strong>;
    if (p.kind === 'em') return <em key={i}>{p.text}</em>;
    if (p.kind === 'code') return <code key={i} className="rounded bg-ink px-1 font-mono text-sm">{p.text}</code>;
    return p.text;
  });
}

/** A lesson's Markdown as React elements and text nodes only (lessonMarkdown.ts): nothing is rendered as HTML. */
export function LessonMarkdown({ source }: { source: string }) {
  const blocks = parseLesson(source);
  if (blocks.length === 0) return <p className="text-sm text-muted">No lesson text yet.</p>;
  return (
    <div className="flex flex-col gap-2 leading-relaxed" data-testid="lesson-preview">
      {blocks.map((b, i) => {
        if (b.kind === 'heading') {
          const cls = b.level === 1 ? 'text-xl font-bold' : b.level === 2 ? 'text-lg font-semibold' : 'font-semibold';
          // Inside the editor's page the lesson's headings sit below its own h2s.
          if (b.level === 1) return <h3 key={i} className={cls}>{inline(b.content)}</h3>;
          if (b.level === 2) return <h4 key={i} className={cls}>{inline(b.content)}</h4>;
          return <h5 key={i} className={cls}>{inline(b.content)}</h5>;
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
