/**
 * Loads the source files the architecture checks read, as one TypeScript program (the compiler API, no
 * extra dependency). `loadProject` reads `src/` of the repository; `loadVirtual` builds a program from a
 * few files held in memory (the checker's own tests), resolved as if they lay in the repository so that
 * `kysely` and `better-sqlite3` types are found in node_modules.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Project {
  root: string;
  program: ts.Program;
  checker: ts.TypeChecker;
  /** Files under the analysed folder, repository-relative with `/` separators (e.g. `src/store/db.ts`). */
  files: string[];
  source(file: string): ts.SourceFile;
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

function toRel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

function makeProject(root: string, program: ts.Program, absFiles: string[]): Project {
  const byRel = new Map<string, ts.SourceFile>();
  for (const abs of absFiles) {
    const sf = program.getSourceFile(abs);
    if (sf) byRel.set(toRel(root, abs), sf);
  }
  return {
    root,
    program,
    checker: program.getTypeChecker(),
    files: [...byRel.keys()].sort(),
    source(file) {
      const sf = byRel.get(file);
      if (!sf) throw new Error(`not in the program: ${file}`);
      return sf;
    },
  };
}

/** Every `.ts` file under `<root>/src` as one program with the repository's compiler options. */
export function loadProject(root: string = repoRoot, folder = 'src'): Project {
  const files = listTs(join(root, folder));
  const program = ts.createProgram({ rootNames: files, options: compilerOptions(root) });
  return makeProject(root, program, files);
}

/**
 * A program of in-memory files, keyed by repository-relative path (`src/store/a.ts`). Nothing is written
 * to disk; everything else (node_modules, lib files) is read from the real file system.
 */
export function loadVirtual(files: Record<string, string>, root: string = repoRoot): Project {
  const options = compilerOptions(root);
  const memory = new Map(Object.entries(files).map(([rel, text]) => [join(root, rel), text]));
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => memory.has(name) || fileExists.call(host, name);
  host.readFile = (name) => memory.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, lang, onError, create) => {
    const text = memory.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, lang, true);
    return getSourceFile.call(host, name, lang, onError, create);
  };
  const absFiles = [...memory.keys()];
  const program = ts.createProgram({ rootNames: absFiles, options, host });
  return makeProject(root, program, absFiles);
}

/** 1-based line of a node's start. */
export function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}
