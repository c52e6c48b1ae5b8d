/**
 * The architecture rules and their readable violation lists. The allowed imports between the top-level
 * parts of `src/` are read from the README's architecture table (columns `folder` and `may import`), so the
 * README and the check cannot drift apart.
 */
import { type Cycle, type ImportEdge, importEdges, valueCycles } from './imports.js';
import type { Project } from './program.js';
import { type SqlUse, sqlUses } from './sql.js';

export interface Part {
  name: string;
  /** Repository-relative paths from the table's first column: folders end in `/`, files in `.ts`. */
  paths: string[];
  /** The other parts it may import, or `any`. */
  mayImport: Set<string> | 'any';
}

export type ArchitectureTable = Map<string, Part>;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

function ticked(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** `src/cli/` and `src/cli.ts` are both the part `cli`. */
export function partName(path: string): string {
  return path
    .replace(/^src\//, '')
    .replace(/\/$/, '')
    .replace(/\.ts$/, '');
}

/**
 * Reads the first table after the `## Architecture` heading that has a `folder` and a `may import` column.
 * A `may import` cell lists part names in backticks (`domain`, `store`, …), says `anything`, or `nothing`;
 * text in parentheses is a comment (`pipeline` (the address parser `pipeline/fetch/address.ts`)).
 */
export function parseArchitectureTable(markdown: string): ArchitectureTable {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^##\s+Architecture\b/.test(l));
  if (start < 0) throw new Error('README: no "## Architecture" section');
  let header = -1;
  for (let i = start + 1; i < lines.length && !/^##\s/.test(lines[i]!); i++) {
    const c = cells(lines[i]!).map((x) => x.toLowerCase());
    if (lines[i]!.trim().startsWith('|') && c.includes('folder') && c.includes('may import')) {
      header = i;
      break;
    }
  }
  if (header < 0)
    throw new Error('README: the Architecture section has no table with "folder" and "may import"');
  const columns = cells(lines[header]!).map((x) => x.toLowerCase());
  const folderCol = columns.indexOf('folder');
  const importCol = columns.indexOf('may import');
  const rows: { paths: string[]; cell: string }[] = [];
  for (let i = header + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
    const row = cells(lines[i]!);
    const paths = ticked(row[folderCol] ?? '').filter((p) => p.startsWith('src/'));
    if (paths.length === 0) throw new Error(`README line ${i + 1}: no \`src/…\` path in the folder column`);
    rows.push({ paths, cell: row[importCol] ?? '' });
  }
  const table: ArchitectureTable = new Map();
  for (const { paths } of rows)
    table.set(partName(paths[0]!), { name: partName(paths[0]!), paths, mayImport: 'any' });
  for (const { paths, cell } of rows) {
    const part = table.get(partName(paths[0]!))!;
    if (/^\s*(anything|everything)\b/i.test(cell)) continue;
    const names = ticked(cell.replace(/\([^)]*\)/g, ''));
    if (names.length === 0 && !/^\s*(nothing|—|-)/i.test(cell)) {
      throw new Error(
        `README: "may import" of ${part.name} is neither a list, "anything" nor "nothing": ${cell}`,
      );
    }
    const unknown = names.filter((n) => !table.has(n));
    if (unknown.length > 0)
      throw new Error(`README: ${part.name} may import unknown parts: ${unknown.join(', ')}`);
    part.mayImport = new Set(names);
  }
  return table;
}

/** The part a file belongs to: the longest folder or file path of the table that covers it. */
export function partOf(table: ArchitectureTable, file: string): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const part of table.values()) {
    for (const path of part.paths) {
      const covers = path.endsWith('/') ? file.startsWith(path) : file === path;
      if (covers && (!best || path.length > best.length)) best = { name: part.name, length: path.length };
    }
  }
  return best?.name;
}

export function cycleViolations(cycles: Cycle[]): string[] {
  return cycles.map((c) => {
    const rest = c.files.filter((f) => !c.path.includes(f));
    const more = rest.length > 0 ? ` (same cycle group: ${rest.join(', ')})` : '';
    return `value import cycle: ${c.path.join(' → ')}${more}`;
  });
}

export function folderViolations(table: ArchitectureTable, files: string[], edges: ImportEdge[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    if (!partOf(table, file)) out.push(`${file} is in no row of the README architecture table`);
  }
  for (const e of edges) {
    const from = partOf(table, e.from);
    const to = partOf(table, e.to);
    if (!from || !to || from === to) continue;
    const allowed = table.get(from)!.mayImport;
    if (allowed === 'any' || allowed.has(to)) continue;
    out.push(`${from} ↛ ${to}: ${e.from}:${e.line} imports ${e.to} (${e.kind})`);
  }
  return out;
}

export function sqlViolations(uses: SqlUse[], storeFolder = 'src/store/'): string[] {
  const byFile = new Map<string, SqlUse[]>();
  for (const u of uses) {
    if (u.file.startsWith(storeFolder)) continue;
    byFile.set(u.file, [...(byFile.get(u.file) ?? []), u]);
  }
  return [...byFile].map(([file, list]) => {
    const lines = [...new Set(list.map((u) => u.line))].join(', ');
    const what = [...new Set(list.map((u) => u.what))].join('; ');
    return `SQL outside ${storeFolder}: ${file} line ${lines} (${what})`;
  });
}

export function lineCount(text: string): number {
  const lines = text.split('\n');
  return lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
}

export function sizeViolations(
  project: Project,
  maxLines: number,
  exemptions: Record<string, string>,
): string[] {
  const out: string[] = [];
  for (const file of project.files) {
    const lines = lineCount(project.source(file).text);
    if (lines > maxLines && !(file in exemptions))
      out.push(`over ${maxLines} lines: ${file} (${lines} lines)`);
  }
  for (const file of Object.keys(exemptions)) {
    const exempt = project.files.includes(file) && lineCount(project.source(file).text) > maxLines;
    if (!exempt) out.push(`stale size exemption: ${file} is not a file over ${maxLines} lines`);
  }
  return out;
}

export interface ArchitectureReport {
  cycles: string[];
  folders: string[];
  sql: string[];
  size: string[];
}

export interface CheckOptions {
  readme: string;
  maxLines: number;
  /** Files allowed over `maxLines`, each with the reason (data tables only). */
  sizeExemptions: Record<string, string>;
}

export function checkArchitecture(project: Project, options: CheckOptions): ArchitectureReport {
  const table = parseArchitectureTable(options.readme);
  const edges = importEdges(project);
  return {
    cycles: cycleViolations(valueCycles(project.files, edges)),
    folders: folderViolations(table, project.files, edges),
    sql: sqlViolations(sqlUses(project)),
    size: sizeViolations(project, options.maxLines, options.sizeExemptions),
  };
}
