import ts from 'typescript';
import { LoadError } from './errors';

/** The largest policy source accepted (a policy is one small file). */
export const MAX_SOURCE_BYTES = 256 * 1024;

/**
 * A policy compiled to plain JavaScript: a CommonJS-style module body. Plain data, so
 * one thread can compile and post it to workers (`instantiatePolicy`).
 */
export interface CompiledPolicy {
  filename: string;
  /** The module body, run with `exports` and `module` in scope. */
  code: string;
}

/**
 * TypeScript or JavaScript to the module body the sandbox runs, with the real
 * compiler (transpileModule: types are erased, not checked; type-only imports vanish).
 * Refuses syntax errors and any import that survives erasure, `require` and `import()`
 * included: a policy is self-contained, and the sandbox has no module loader.
 */
export function compilePolicy(source: string, filename: string): CompiledPolicy {
  if (typeof source !== 'string') throw new LoadError('syntax', 'the source must be text', filename);
  if (new TextEncoder().encode(source).length > MAX_SOURCE_BYTES) throw new LoadError('too-large', `over ${MAX_SOURCE_BYTES} bytes`, filename);
  const out = ts.transpileModule(source, {
    fileName: /\.[cm]?[jt]sx?$/.test(filename) ? filename : `${filename}.ts`,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
      // Helpers (__awaiter, __importStar) are inlined; nothing is imported from tslib.
      importHelpers: false,
      esModuleInterop: false,
      sourceMap: false,
      removeComments: true,
    },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new LoadError('syntax', errors.map(formatDiagnostic).join('; '), filename);
  const imported = importsOf(out.outputText);
  if (imported.length > 0) throw new LoadError('import', `a policy is one self-contained file: it may not import ${imported.map((m) => JSON.stringify(m)).join(', ')} (type-only imports are fine)`, filename);
  return { filename, code: out.outputText };
}

function formatDiagnostic(d: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `line ${line + 1}:${character + 1}: ${text}`;
  }
  return text;
}

/** The modules the compiled code would load: every require(...) and import(...) call. */
function importsOf(code: string): string[] {
  const file = ts.createSourceFile('out.js', code, ts.ScriptTarget.ES2020, false, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        const arg = node.arguments[0];
        found.push(arg && ts.isStringLiteralLike(arg) ? arg.text : '(computed)');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
