'use client';

import { javascript } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { setDiagnostics } from '@codemirror/lint';
import { tags } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

export interface EditorMark {
  line: number;
  column: number;
  message: string;
}

export interface PolicyEditorProps {
  value: string;
  onChange: (source: string) => void;
  /** A load error's position: underlined in the text, with its message on hover. */
  mark: EditorMark | null;
  label: string;
}

/** The page's dark theme; colours of the Okabe–Ito palette, all 4.5:1 or more on the panel. */
const theme = EditorView.theme({
  '&': { backgroundColor: '#131a26', color: '#e8edf5', fontSize: '13px', height: '100%' },
  '.cm-content': { caretColor: '#F0E442', fontFamily: 'var(--font-mono)' },
  '.cm-gutters': { backgroundColor: '#1b2433', color: '#93a0b5', border: 'none' },
  '.cm-activeLine': { backgroundColor: '#1b243380' },
  '.cm-activeLineGutter': { backgroundColor: '#2a3548', color: '#e8edf5' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#0072B288' },
  '.cm-scroller': { overflow: 'auto' },
}, { dark: true });

const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.modifier, tags.operatorKeyword], color: '#CC79A7' },
  { tag: [tags.string, tags.special(tags.string)], color: '#9fd8a8' },
  { tag: [tags.number, tags.bool, tags.null], color: '#F0E442' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: '#93a0b5', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.className], color: '#56B4E9' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: '#E69F00' },
]);

/**
 * CodeMirror 6 with TypeScript: loaded only by the policy editor page, and only in the
 * browser (next/dynamic, no server rendering), so no other page carries it.
 */
export default function PolicyEditor({ value, onChange, mark, label }: PolicyEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: value,
      extensions: [
        basicSetup,
        javascript({ typescript: true }),
        syntaxHighlighting(highlight),
        theme,
        EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'policy-source' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) changed.current(u.state.doc.toString());
        }),
      ],
    });
    // The scroller must be reachable by keyboard too (a long text scrolls it; axe's scrollable-region-focusable).
    v.scrollDOM.tabIndex = 0;
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once; later values come in through the effect below.
  }, []);

  // A new text from outside (an example, a draft, the template): replace the document.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (!mark) {
      v.dispatch(setDiagnostics(v.state, []));
      return;
    }
    const doc = v.state.doc;
    const line = doc.line(Math.min(Math.max(1, mark.line), doc.lines));
    const from = Math.min(line.to, line.from + Math.max(0, mark.column - 1));
    v.dispatch(setDiagnostics(v.state, [{ from, to: Math.min(line.to, from + 1), severity: 'error', message: mark.message }]));
  }, [mark]);

  return <div ref={host} className="h-[28rem] overflow-hidden rounded-md border border-line" />;
}
