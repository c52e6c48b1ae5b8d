/**
 * The import graph between the analysed files, and its value import cycles.
 *
 * An edge is `type` when it cannot load the other module for its values: `import type`, `export type`,
 * an import or re-export whose every named binding is marked `type`, and `typeof import('…')` in a type.
 * `import('…')` called at run time is a `dynamic` edge (loaded on demand, so it takes no part in a cycle);
 * every other import or re-export is a `value` edge.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { lineOf, type Project } from './program.js';

export type EdgeKind = 'value' | 'type' | 'dynamic';

export interface ImportEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  line: number;
}

function namedAllTypes(bindings: ts.NamedImportBindings | ts.NamedExportBindings | undefined): boolean {
  if (!bindings || !(ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function importKind(node: ts.ImportDeclaration): EdgeKind {
  const clause = node.importClause;
  if (!clause) return 'value';
  if (clause.isTypeOnly) return 'type';
  if (clause.name) return 'value';
  return namedAllTypes(clause.namedBindings) ? 'type' : 'value';
}

function exportKind(node: ts.ExportDeclaration): EdgeKind {
  if (node.isTypeOnly) return 'type';
  return namedAllTypes(node.exportClause) ? 'type' : 'value';
}

interface RawImport {
  specifier: string;
  kind: EdgeKind;
  node: ts.Node;
}

function rawImports(sf: ts.SourceFile): RawImport[] {
  const out: RawImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, kind: importKind(node), node });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      out.push({ specifier: node.moduleSpecifier.text, kind: exportKind(node), node });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      out.push({
        specifier: node.moduleReference.expression.text,
        kind: node.isTypeOnly ? 'type' : 'value',
        node,
      });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push({ specifier: node.arguments[0].text, kind: 'dynamic', node });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      out.push({ specifier: node.argument.literal.text, kind: 'type', node });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Imports from one analysed file to another (packages and files outside the set are left out). */
export function importEdges(project: Project): ImportEdge[] {
  const options = project.program.getCompilerOptions();
  const byAbs = new Map(project.files.map((f) => [join(project.root, f), f]));
  const host: ts.ModuleResolutionHost = {
    fileExists: (name) => byAbs.has(name) || ts.sys.fileExists(name),
    readFile: (name) => ts.sys.readFile(name),
  };
  const edges: ImportEdge[] = [];
  for (const file of project.files) {
    const sf = project.source(file);
    for (const raw of rawImports(sf)) {
      if (!raw.specifier.startsWith('.')) continue;
      const resolved = ts.resolveModuleName(raw.specifier, sf.fileName, options, host).resolvedModule;
      const to = resolved ? byAbs.get(resolved.resolvedFileName) : undefined;
      if (to) edges.push({ from: file, to, kind: raw.kind, line: lineOf(sf, raw.node) });
    }
  }
  return edges;
}

/**
 * Value import cycles: every strongly connected component of the static value-import graph with more than
 * one file (or a file importing itself), each given as one closed path through it, e.g. `a → b → a`.
 */
export interface Cycle {
  /** Every file of the strongly connected component, sorted. */
  files: string[];
  /** One shortest closed path through its first file. */
  path: string[];
}

export function valueCycles(files: string[], edges: ImportEdge[]): Cycle[] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (e.kind === 'value') next.get(e.from)?.push(e.to);
  for (const list of next.values()) list.sort();
  const components = stronglyConnected(files, next);
  const cycles: Cycle[] = [];
  for (const component of components) {
    const first = component[0]!;
    const selfLoop = next.get(first)?.includes(first) ?? false;
    if (component.length > 1 || selfLoop) {
      cycles.push({ files: component, path: pathThrough(first, new Set(component), next) });
    }
  }
  return cycles.sort((a, b) => a.files[0]!.localeCompare(b.files[0]!));
}

function stronglyConnected(files: string[], next: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    out.push(component.sort());
  };
  for (const f of [...files].sort()) if (!index.has(f)) connect(f);
  return out;
}

/** A shortest closed path from `start` back to itself inside one component (breadth first). */
function pathThrough(start: string, inside: Set<string>, next: Map<string, string[]>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = parent.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
