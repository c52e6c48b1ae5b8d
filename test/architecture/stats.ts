/**
 * Size figures of the code for `npm run stats:code`: function lengths and the `*Deps` / `*Ports` types.
 */
import ts from 'typescript';
import type { Project } from './program.js';

export interface FunctionLength {
  file: string;
  line: number;
  lines: number;
  /** A function declaration, method, accessor or constructor (not an arrow or function expression). */
  named: boolean;
}

/** Lines of every function with a body (declarations, methods, accessors, constructors, arrows, expressions). */
export function functionLengths(project: Project, files: string[] = project.files): FunctionLength[] {
  const out: FunctionLength[] = [];
  for (const file of files) {
    const sf = project.source(file);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const named = !(ts.isArrowFunction(node) || ts.isFunctionExpression(node));
        out.push({ file, line: first + 1, lines: last - first + 1, named });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface PortType {
  name: string;
  file: string;
  fields: number;
  optional: number;
}

/** Every interface or type alias named `…Deps` or `…Ports`, with its field count, largest first. */
export function portTypes(project: Project, files: string[] = project.files): PortType[] {
  const out: PortType[] = [];
  for (const file of files) {
    const sf = project.source(file);
    for (const stmt of sf.statements) {
      if (!(ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt))) continue;
      if (!/(Deps|Ports)$/.test(stmt.name.text)) continue;
      const type = project.checker.getTypeAtLocation(stmt.name);
      const props = project.checker.getPropertiesOfType(type);
      const optional = props.filter((p) => (p.flags & ts.SymbolFlags.Optional) !== 0).length;
      out.push({ name: stmt.name.text, file, fields: props.length, optional });
    }
  }
  return out.sort((a, b) => b.fields - a.fields || a.name.localeCompare(b.name));
}
