/**
 * The architecture checker on small synthetic sources (held in memory), so each rule is shown to fail.
 */
import { describe, expect, it } from 'vitest';
import { importEdges, valueCycles } from './imports.js';
import { loadVirtual } from './program.js';
import {
  checkArchitecture,
  cycleViolations,
  folderViolations,
  parseArchitectureTable,
  partOf,
  sizeViolations,
  sqlViolations,
} from './rules.js';
import { sqlUses } from './sql.js';
import { functionLengths, percentile, portTypes } from './stats.js';

const README = `# x

## Architecture

| folder | role | may import |
|---|---|---|
| \`src/main.ts\` | root | anything |
| \`src/cli.ts\`, \`src/cli/\` | CLI | \`store\`, \`domain\` |
| \`src/domain/\` | types | nothing |
| \`src/store/\` | store | \`domain\` |
| \`src/delivery/\` | delivery | \`store\`, \`domain\` (types of \`domain/types.ts\`) |

## Next
`;

const TIMEOUT = 60_000;

describe('architecture table in the README', () => {
  it('reads parts, their paths and what each may import', () => {
    const table = parseArchitectureTable(README);
    expect([...table.keys()]).toEqual(['main', 'cli', 'domain', 'store', 'delivery']);
    expect(table.get('main')!.mayImport).toBe('any');
    expect([...(table.get('cli')!.mayImport as Set<string>)]).toEqual(['store', 'domain']);
    expect(table.get('domain')!.mayImport).toEqual(new Set());
    expect(partOf(table, 'src/cli.ts')).toBe('cli');
    expect(partOf(table, 'src/cli/poll.ts')).toBe('cli');
    expect(partOf(table, 'src/store/db.ts')).toBe('store');
    expect(partOf(table, 'src/other/x.ts')).toBeUndefined();
  });

  it('refuses a table that names an unknown part, and a README without the table', () => {
    expect(() =>
      parseArchitectureTable(
        README.replace('`store`, `domain` |\n| `src/domain/`', '`stor` |\n| `src/domain/`'),
      ),
    ).toThrow(/cli may import unknown parts: stor/);
    expect(() => parseArchitectureTable('# x\n\n## Architecture\n\n| folder | role |\n|---|---|\n')).toThrow(
      /no table with "folder" and "may import"/,
    );
    expect(() => parseArchitectureTable('# x\n')).toThrow(/no "## Architecture" section/);
  });
});

describe('value import cycles', () => {
  it(
    'finds a cycle of value imports and names its path',
    () => {
      const project = loadVirtual({
        'src/store/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/store/b.ts': "import { c } from './c.js';\nexport const b = () => c;\n",
        'src/store/c.ts': "export * from './a.js';\nexport const c = 1;\n",
        'src/store/d.ts': "import { a } from './a.js';\nexport const d = a;\n",
      });
      const cycles = valueCycles(project.files, importEdges(project));
      expect(cycles).toEqual([
        {
          files: ['src/store/a.ts', 'src/store/b.ts', 'src/store/c.ts'],
          path: ['src/store/a.ts', 'src/store/b.ts', 'src/store/c.ts', 'src/store/a.ts'],
        },
      ]);
      expect(cycleViolations(cycles)).toEqual([
        'value import cycle: src/store/a.ts → src/store/b.ts → src/store/c.ts → src/store/a.ts',
      ]);
    },
    TIMEOUT,
  );

  it(
    'leaves out type-only and dynamic imports',
    () => {
      const project = loadVirtual({
        'src/store/a.ts': "import type { B } from './b.js';\nexport type A = B;\nexport const a = 1;\n",
        'src/store/b.ts': "import { a } from './a.js';\nexport type B = number;\nexport const b = a;\n",
        'src/store/c.ts': "import { type D } from './d.js';\nexport type C = D;\nexport const c = 1;\n",
        'src/store/d.ts': "export { type C } from './c.js';\nexport type D = string;\n",
        'src/store/e.ts': "export const e = () => import('./f.js');\n",
        'src/store/f.ts': "import { e } from './e.js';\nexport const f = e;\n",
      });
      const edges = importEdges(project);
      expect(edges.map((e) => `${e.from.slice(10)}→${e.to.slice(10)}:${e.kind}`).sort()).toEqual([
        'a.ts→b.ts:type',
        'b.ts→a.ts:value',
        'c.ts→d.ts:type',
        'd.ts→c.ts:type',
        'e.ts→f.ts:dynamic',
        'f.ts→e.ts:value',
      ]);
      expect(valueCycles(project.files, edges)).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('imports between folders', () => {
  it(
    'reports an import the table does not allow, and a file in no row',
    () => {
      const project = loadVirtual({
        'src/domain/types.ts': 'export type Id = string;\n',
        'src/delivery/engine.ts':
          "import type { Id } from '../domain/types.js';\nexport const send = (id: Id) => id;\n",
        'src/store/repo.ts': "import { send } from '../delivery/engine.js';\nexport const save = send;\n",
        'src/cli/poll.ts': "import { save } from '../store/repo.js';\nexport const poll = save;\n",
        'src/main.ts': "import { poll } from './cli/poll.js';\nexport const start = poll;\n",
        'src/extra/x.ts': 'export const x = 1;\n',
      });
      const table = parseArchitectureTable(README);
      expect(folderViolations(table, project.files, importEdges(project))).toEqual([
        'src/extra/x.ts is in no row of the README architecture table',
        'store ↛ delivery: src/store/repo.ts:1 imports src/delivery/engine.ts (value)',
      ]);
    },
    TIMEOUT,
  );

  it(
    'counts a type-only import as a folder edge too',
    () => {
      const project = loadVirtual({
        'src/delivery/engine.ts': 'export type Engine = { run(): void };\n',
        'src/domain/types.ts':
          "import type { Engine } from '../delivery/engine.js';\nexport type E = Engine;\n",
      });
      const table = parseArchitectureTable(README);
      expect(folderViolations(table, project.files, importEdges(project))).toEqual([
        'domain ↛ delivery: src/domain/types.ts:1 imports src/delivery/engine.ts (type)',
      ]);
    },
    TIMEOUT,
  );
});

describe('SQL outside src/store/', () => {
  const query = `import { type Kysely, sql } from 'kysely';
export async function load(db: Kysely<any>) {
  const rows = await db.selectFrom('feeds').selectAll().execute();
  await sql\`delete from feeds\`.execute(db);
  await db.transaction().execute(async (trx) => trx.deleteFrom('feeds').execute());
  return rows;
}
`;
  const lookalike = `const db = { selectFrom: (t: string) => t, execute: () => 1 };
export const x = [db.selectFrom('feeds'), db.execute()];
`;

  it(
    'finds query builders, the sql template and executions on Kysely objects by their type',
    () => {
      const project = loadVirtual({
        'src/delivery/q.ts': query,
        'src/store/q.ts': query,
        'src/delivery/lookalike.ts': lookalike,
      });
      const uses = sqlUses(project);
      expect(uses.filter((u) => u.file === 'src/delivery/q.ts').map((u) => `${u.line} ${u.what}`)).toEqual([
        '3 .execute(…) on Kysely',
        '3 .selectFrom(…) on Kysely',
        '4 .execute(…) on Kysely',
        '4 sql`…`',
        '5 .execute(…) on Kysely',
        '5 .transaction(…) on Kysely',
        '5 .execute(…) on Kysely',
        '5 .deleteFrom(…) on Kysely',
      ]);
      expect(sqlViolations(uses)).toEqual([
        'SQL outside src/store/: src/delivery/q.ts line 3, 4, 5 (.execute(…) on Kysely; .selectFrom(…) on Kysely; sql`…`; .transaction(…) on Kysely; .deleteFrom(…) on Kysely)',
      ]);
    },
    TIMEOUT,
  );

  it(
    'finds statements on a better-sqlite3 database',
    () => {
      const project = loadVirtual({
        'src/cli/raw.ts':
          "import type Database from 'better-sqlite3';\n" +
          "export const count = (db: Database.Database) => db.prepare('select 1').get();\n",
      });
      expect(sqlViolations(sqlUses(project))).toEqual([
        'SQL outside src/store/: src/cli/raw.ts line 2 (.prepare(…) on better-sqlite3)',
      ]);
    },
    TIMEOUT,
  );
});

describe('file size', () => {
  const long = `${Array.from({ length: 401 }, (_, i) => `export const v${i} = ${i};`).join('\n')}\n`;

  it(
    'reports files over the limit unless exempted by name, and stale exemptions',
    () => {
      const project = loadVirtual({
        'src/domain/big.ts': long,
        'src/domain/small.ts': 'export const s = 1;\n',
      });
      expect(sizeViolations(project, 400, {})).toEqual(['over 400 lines: src/domain/big.ts (401 lines)']);
      expect(sizeViolations(project, 400, { 'src/domain/big.ts': 'a data table' })).toEqual([]);
      expect(sizeViolations(project, 400, { 'src/domain/small.ts': 'a data table' })).toEqual([
        'over 400 lines: src/domain/big.ts (401 lines)',
        'stale size exemption: src/domain/small.ts is not a file over 400 lines',
      ]);
    },
    TIMEOUT,
  );
});

describe('checkArchitecture and the code figures', () => {
  it(
    'passes a clean tree and gives every list',
    () => {
      const project = loadVirtual({
        'src/domain/types.ts': 'export type Id = string;\n',
        'src/store/repo.ts':
          "import type { Kysely } from 'kysely';\nimport type { Id } from '../domain/types.js';\n" +
          "export const get = (db: Kysely<any>, id: Id) => db.selectFrom('t').where('id', '=', id).execute();\n",
        'src/delivery/engine.ts':
          "import { get } from '../store/repo.js';\nexport interface EngineDeps { a: number; b?: string }\n" +
          'export function run(deps: EngineDeps) {\n  return [get, deps];\n}\n',
      });
      const report = checkArchitecture(project, { readme: README, maxLines: 400, sizeExemptions: {} });
      expect(report).toEqual({ cycles: [], folders: [], sql: [], size: [] });
      expect(portTypes(project)).toEqual([
        { name: 'EngineDeps', file: 'src/delivery/engine.ts', fields: 2, optional: 1 },
      ]);
      expect(functionLengths(project).map((f) => [f.file, f.lines, f.named])).toEqual([
        ['src/delivery/engine.ts', 3, true],
        ['src/store/repo.ts', 1, false],
      ]);
      expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
      expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    },
    TIMEOUT,
  );
});
