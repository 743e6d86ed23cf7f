import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { parseScenario, type Scenario, type ScenarioError } from './scenario';

/**
 * A scenario file as text (the runner's file, the editor's buffer, a paste): broken JSON
 * is reported with its line and column, and so is every validation error, at the value
 * it names (or the nearest enclosing one that exists), so an editor can put each message
 * next to its field. jsonc-parser reads the text with every error (JSON.parse stops at
 * the first, and only some engines say where); the value itself still comes from
 * JSON.parse, the standard's own reading.
 */

/** A place in the text, both 1-based. */
export interface TextPosition {
  line: number;
  column: number;
}

export type ScenarioTextError = ScenarioError & Partial<TextPosition>;

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'this is not JSON here (a stray character, or a word that is not true, false or null)',
  InvalidNumberFormat: 'a number is malformed',
  PropertyNameExpected: 'a property name in double quotes was expected (is there a trailing comma before "}"?)',
  ValueExpected: 'a value was expected (is there a trailing comma, or a missing value?)',
  ColonExpected: 'a ":" was expected after the property name',
  CommaExpected: 'a "," was expected between two entries',
  CloseBraceExpected: 'a "}" was expected to close the object',
  CloseBracketExpected: 'a "]" was expected to close the list',
  EndOfFileExpected: 'the file should end here (something follows the whole value)',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'a string is not closed (a missing double quote)',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'a \\u escape needs four hexadecimal digits',
  InvalidEscapeCharacter: 'this backslash escape does not exist in JSON',
  InvalidCharacter: 'a control character (such as a raw line break) inside a string',
};

/** Line and column (1-based) of a character offset. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** `tasks[2].affinity[0]` back into its keys. */
function pathKeys(path: string): (string | number)[] {
  if (path === '(root)') return [];
  const keys: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) keys.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return keys;
}

/** The node a path names, or the nearest enclosing one the text has (a missing field points at its object). */
function nearestNode(root: Node, keys: (string | number)[]): Node {
  for (let n = keys.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, keys.slice(0, n));
    if (node) return node;
  }
  return root;
}

/** Parses JSON text; on a syntax error, every error the reader found, each with its place. */
export function parseJsonText(text: string): { ok: true; value: unknown; tree: Node } | { ok: false; errors: ScenarioTextError[] } {
  const syntax: ParseError[] = [];
  const tree = parseTree(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (syntax.length > 0 || !tree) {
    if (syntax.length === 0) return { ok: false, errors: [{ path: '(json)', message: 'the text is empty: a scenario is one JSON object', line: 1, column: 1 }] };
    // The reader may report one mistake twice at the same place (e.g. a trailing comma): once is enough.
    const first = syntax.filter((e, i) => syntax.findIndex((o) => o.offset === e.offset) === i);
    return {
      ok: false,
      errors: first.map((e) => {
        const code = printParseErrorCode(e.error);
        return { path: '(json)', message: `broken JSON: ${SYNTAX_MESSAGES[code] ?? code}`, ...positionAt(text, e.offset) };
      }),
    };
  }
  return { ok: true, value: JSON.parse(text) as unknown, tree };
}

/** A scenario file's text: JSON errors or validation errors, every one with its line and column. */
export function parseScenarioText(text: string): { ok: true; value: Scenario } | { ok: false; errors: ScenarioTextError[] } {
  const json = parseJsonText(text);
  if (!json.ok) return json;
  const r = parseScenario(json.value);
  if (r.ok) return r;
  return {
    ok: false,
    errors: r.errors.map((e) => ({ ...e, ...positionAt(text, nearestNode(json.tree, pathKeys(e.path)).offset) })),
  };
}
