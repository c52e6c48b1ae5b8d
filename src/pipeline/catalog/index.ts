/**
 * The curated feed catalog: feeds/*.yaml|*.yml|*.json, validated at load. Every problem is reported with the file,
 * the line and the field; valid entries are kept so one typo does not lose the whole catalog.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type CatalogEntry, catalogEntrySchema } from './schema.js';

export { type CatalogEntry, catalogEntrySchema, MIN_INTERVAL_MINUTES } from './schema.js';

export interface CatalogFeed extends CatalogEntry {
  /** File the entry came from (relative name). */
  file: string;
}

export interface CatalogProblem {
  file: string;
  line?: number;
  /** Dotted path, e.g. `feeds[3].language`. */
  field?: string;
  message: string;
}

export interface Catalog {
  feeds: CatalogFeed[];
  errors: CatalogProblem[];
}

export function formatProblem(p: CatalogProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, p.field].filter(Boolean);
  return `${where.join(': ')}: ${p.message}`;
}

const CATALOG_EXT = /\.(ya?ml|json)$/i;
/** Largest catalog file read; a curated list of feeds is a few KB (1 MB holds thousands of entries). */
export const MAX_CATALOG_FILE_BYTES = 1_048_576;

/**
 * One catalog file's text, or why it cannot be used: not a regular file (a folder, a symlink loop, a device),
 * unreadable, or larger than MAX_CATALOG_FILE_BYTES (never read whole: at most the cap plus one byte).
 */
function readCatalogFile(dir: string, name: string): { text: string } | { problem: CatalogProblem } {
  let fd: number | undefined;
  try {
    // non-blocking: a FIFO named feeds.yaml must not hang the start (it is refused as not a regular file)
    fd = openSync(join(dir, name), constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: { file: name, message: 'not a regular file, skipped' } };
    const buf = Buffer.alloc(Math.min(stat.size, MAX_CATALOG_FILE_BYTES) + 1);
    let length = 0;
    while (length < buf.length) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_CATALOG_FILE_BYTES) {
      return {
        problem: {
          file: name,
          message: `larger than ${MAX_CATALOG_FILE_BYTES} bytes, skipped (split it into several files)`,
        },
      };
    }
    return { text: buf.subarray(0, length).toString('utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ELOOP' ? 'a symbolic link loop' : code === 'EACCES' ? 'not readable (permissions)' : code;
    return { problem: { file: name, message: `cannot read the file (${why ?? 'error'}), skipped` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Load every catalog file in `dir` (sorted by name). A missing folder is an error, not a crash. */
export function loadCatalog(dir: string): Catalog {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => CATALOG_EXT.test(n))
      .sort();
  } catch (e) {
    return {
      feeds: [],
      errors: [{ file: dir, message: `cannot read catalog folder: ${(e as Error).message}` }],
    };
  }
  const out: Catalog = { feeds: [], errors: [] };
  const seen = new Map<string, string>();
  for (const name of names) {
    const read = readCatalogFile(dir, name);
    if ('problem' in read) {
      out.errors.push(read.problem);
      continue;
    }
    const one = parseCatalogText(read.text, name);
    out.errors.push(...one.errors);
    for (const feed of one.feeds) {
      const first = seen.get(feed.url);
      if (first) {
        out.errors.push({
          file: name,
          field: 'url',
          message: `duplicate feed ${feed.url} (first in ${first})`,
        });
        continue;
      }
      seen.set(feed.url, name);
      out.feeds.push(feed);
    }
  }
  return out;
}

/** Parse one catalog file's text (YAML; JSON is valid YAML). */
export function parseCatalogText(text: string, file: string): Catalog {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      feeds: [],
      errors: doc.errors.map((e) => ({
        file,
        line: lines.linePos(e.pos[0]).line,
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const root = doc.contents;
  const list = isMap(root) ? root.get('feeds', true) : root;
  if (!isSeq(list)) {
    return {
      feeds: [],
      errors: [{ file, line: 1, message: 'expected a list of feeds or { feeds: [...] }' }],
    };
  }
  const prefix = isMap(root) ? 'feeds' : '';
  const out: Catalog = { feeds: [], errors: [] };
  list.items.forEach((node, i) => {
    const r = validateEntry(node as Node, `${prefix}[${i}]`, file, lines);
    if ('feed' in r) out.feeds.push(r.feed);
    else out.errors.push(...r.errors);
  });
  return out;
}

function lineOf(node: Node | undefined | null, lines: LineCounter): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : lines.linePos(start).line;
}

function validateEntry(
  node: Node,
  path: string,
  file: string,
  lines: LineCounter,
): { feed: CatalogFeed } | { errors: CatalogProblem[] } {
  const parsed = catalogEntrySchema.safeParse(node?.toJSON());
  if (parsed.success) return { feed: { ...parsed.data, file } };
  return {
    errors: parsed.error.issues.map((issue) => {
      const key = issue.path[0];
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const fieldName = typeof key === 'string' ? key : keys[0];
      const fieldNode =
        isMap(node) && fieldName ? (node.get(fieldName, true) as Node | undefined) : undefined;
      const field = [path, ...issue.path.map(String)].join('.') + (keys.length ? `.${keys.join(',')}` : '');
      const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
      return { file, line: lineOf(fieldNode, lines) ?? lineOf(node, lines), field, message };
    }),
  };
}
