/**
 * `npm run stats:code`: figures of the code's shape, from the same analysis the architecture test runs
 * (test/architecture/). Prints value import cycles, files with SQL outside src/store/, platform → store
 * imports, files over 400 lines, the largest `*Deps` / `*Ports` types and function lengths over all of src/.
 * It reports; it never fails (the architecture test does that).
 */
import { importEdges, valueCycles } from '../test/architecture/imports.js';
import { loadProject } from '../test/architecture/program.js';
import { cycleViolations, lineCount, sqlViolations } from '../test/architecture/rules.js';
import { sqlUses } from '../test/architecture/sql.js';
import { functionLengths, percentile, portTypes } from '../test/architecture/stats.js';

const MAX_LINES = 400;

function section(title: string, lines: string[]): void {
  console.log(`\n${title}: ${lines.length}`);
  for (const line of lines) console.log(`  ${line}`);
}

const started = performance.now();
const project = loadProject();
const edges = importEdges(project);

section('value import cycles', cycleViolations(valueCycles(project.files, edges)));
section('files with SQL outside src/store/', sqlViolations(sqlUses(project)));
section(
  'platform → store imports',
  edges
    .filter((e) => e.from.startsWith('src/platforms/') && e.to.startsWith('src/store/'))
    .map((e) => `${e.from}:${e.line} → ${e.to} (${e.kind})`),
);
section(
  `files over ${MAX_LINES} lines`,
  project.files
    .map((f) => ({ f, n: lineCount(project.source(f).text) }))
    .filter(({ n }) => n > MAX_LINES)
    .map(({ f, n }) => `${f} (${n})`),
);

const ports = portTypes(project);
console.log(`\n*Deps / *Ports types: ${ports.length}, largest first`);
for (const p of ports.slice(0, 5)) {
  console.log(`  ${p.name} (${p.file}): ${p.fields} fields, ${p.optional} optional`);
}

const functions = functionLengths(project);
function lengthLine(label: string, list: typeof functions): void {
  const lines = list.map((f) => f.lines);
  console.log(
    `  ${label}: ${list.length}; median ${percentile(lines, 50)}, p90 ${percentile(lines, 90)} lines`,
  );
}
console.log('\nlines per function in src/ (first to last line of the function):');
lengthLine('all functions with a body (arrows and function expressions included)', functions);
lengthLine(
  'declarations, methods, accessors and constructors only',
  functions.filter((f) => f.named),
);
const longest = [...functions].sort((a, b) => b.lines - a.lines).slice(0, 3);
console.log(`  longest: ${longest.map((f) => `${f.file}:${f.line} (${f.lines})`).join(', ')}`);
console.log(
  `files in src/: ${project.files.length}; analysed in ${Math.round(performance.now() - started)} ms`,
);
