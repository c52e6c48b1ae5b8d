/**
 * Where a file writes SQL: a query-builder entry or an execution on a Kysely object (`selectFrom`,
 * `insertInto`, `updateTable`, `deleteFrom`, `transaction`, `execute…`, … — found by the receiver's type,
 * so `anyName.selectFrom(…)` counts when it is a Kysely database or transaction), Kysely's raw `sql`
 * template or helpers, and statements on a better-sqlite3 database (`prepare`, `exec`, `pragma`, …).
 */
import ts from 'typescript';
import { lineOf, type Project } from './program.js';

export interface SqlUse {
  file: string;
  line: number;
  what: string;
}

const KYSELY_METHODS = new Set([
  'selectFrom',
  'selectNoFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'with',
  'withRecursive',
  'transaction',
  'startTransaction',
  'connection',
  'execute',
  'executeTakeFirst',
  'executeTakeFirstOrThrow',
  'executeQuery',
  'stream',
]);

const SQLITE_METHODS = new Set(['prepare', 'exec', 'pragma', 'transaction', 'backup']);

function fromPackage(decl: ts.Declaration, pkg: string): boolean {
  const name = decl.getSourceFile().fileName.replaceAll('\\', '/');
  return name.includes(`/node_modules/${pkg}/`) || name.includes(`/node_modules/@types/${pkg}/`);
}

function typeFrom(checker: ts.TypeChecker, node: ts.Expression, pkg: string): boolean {
  const type = checker.getTypeAtLocation(node);
  const candidates = type.isUnion() ? type.types : [type];
  return candidates.some((t) => {
    const symbol = t.getSymbol() ?? t.aliasSymbol;
    return (symbol?.declarations ?? []).some((d) => fromPackage(d, pkg));
  });
}

/** True when the identifier is (an alias of) Kysely's `sql` export. */
function isKyselySql(checker: ts.TypeChecker, node: ts.Expression): boolean {
  if (!ts.isIdentifier(node)) return false;
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.name === 'sql' && (symbol.declarations ?? []).some((d) => fromPackage(d, 'kysely'));
}

function useAt(project: Project, sf: ts.SourceFile, node: ts.Node): string | undefined {
  const { checker } = project;
  if (ts.isTaggedTemplateExpression(node)) {
    const tag = ts.isPropertyAccessExpression(node.tag) ? node.tag.expression : node.tag;
    if (isKyselySql(checker, tag)) return `${node.tag.getText(sf)}\`…\``;
    return undefined;
  }
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const { expression: receiver, name } = node.expression;
  const method = name.text;
  if (isKyselySql(checker, receiver)) return `sql.${method}(…)`;
  if (KYSELY_METHODS.has(method) && typeFrom(checker, receiver, 'kysely')) return `.${method}(…) on Kysely`;
  if (SQLITE_METHODS.has(method) && typeFrom(checker, receiver, 'better-sqlite3')) {
    return `.${method}(…) on better-sqlite3`;
  }
  return undefined;
}

/** Every SQL use in the given files, in file and line order. */
export function sqlUses(project: Project, files: string[] = project.files): SqlUse[] {
  const out: SqlUse[] = [];
  for (const file of files) {
    const sf = project.source(file);
    const visit = (node: ts.Node): void => {
      const what = useAt(project, sf, node);
      if (what) out.push({ file, line: lineOf(sf, node), what });
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
