/**
 * Digest quality benchmark: our extractive summarizer vs Lead-3 (first three sentences by OUR segmenter)
 * on ../shared/eval/{de,en}-dev.jsonl, scored by ../shared/tools/rouge.mjs (run as a child process).
 * Prints ROUGE-1/2/Lsum of the sentences, numRecall of the whole digest (sentences + key figure texts) and
 * articles/s on one core. Run: npm run bench:quality
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Digest, Lang } from '../src/domain/types.js';
import { segmentSentences, summarize } from '../src/pipeline/summarize/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared');
const ROUGE = join(SHARED, 'tools', 'rouge.mjs');

interface EvalDoc {
  id: string;
  lang: Lang;
  title?: string;
  text: string;
}
interface Scores {
  rouge1: number;
  rouge2: number;
  rougeLsum: number;
  numRecall: number | null;
}
type Row = {
  system: string;
  sentences: Scores;
  digestNumRecall: number | null;
  perSecond: number;
  words: number;
};

function readDocs(file: string): EvalDoc[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalDoc);
}

/** Articles per second over at least ~1 s of repeated runs (single thread). */
function throughput(docs: EvalDoc[], fn: (d: EvalDoc) => unknown): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000) {
    for (const d of docs) fn(d);
    n += docs.length;
  }
  return n / ((performance.now() - t0) / 1000);
}

function score(dir: string, name: string, refFile: string, preds: { id: string; summary: string }[]): Scores {
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, `${preds.map((p) => JSON.stringify(p)).join('\n')}\n`);
  const out = execFileSync(process.execPath, [ROUGE, '--pred', file, '--ref', refFile, '--json'], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as Scores;
}

function lead3(d: EvalDoc): string[] {
  return segmentSentences(d.text, d.lang).slice(0, 3);
}

function ours(d: EvalDoc): Digest {
  return summarize({ text: d.text, title: d.title || undefined, lang: d.lang });
}

function wordsOf(lines: string[][]): number {
  const total = lines.reduce((n, l) => n + l.join(' ').split(/\s+/).length, 0);
  return total / Math.max(1, lines.length);
}

function evaluate(lang: Lang, refFile: string, dir: string): Row[] {
  const docs = readDocs(refFile);
  const digests = docs.map(ours);
  const leads = docs.map(lead3);
  const oursPreds = docs.map((d, i) => ({ id: d.id, summary: digests[i]!.sentences.join('\n') }));
  const oursDigest = docs.map((d, i) => ({
    id: d.id,
    summary: [...digests[i]!.sentences, ...digests[i]!.keyFigures.map((f) => f.text)].join('\n'),
  }));
  const leadPreds = docs.map((d, i) => ({ id: d.id, summary: leads[i]!.join('\n') }));
  const oursScores = score(dir, `${lang}-extractive`, refFile, oursPreds);
  const oursDigestScores = score(dir, `${lang}-extractive-digest`, refFile, oursDigest);
  const leadScores = score(dir, `${lang}-lead3`, refFile, leadPreds);
  return [
    {
      system: 'extractive',
      sentences: oursScores,
      digestNumRecall: oursDigestScores.numRecall,
      perSecond: throughput(docs, ours),
      words: wordsOf(digests.map((d) => d.sentences)),
    },
    {
      system: 'lead3',
      sentences: leadScores,
      digestNumRecall: leadScores.numRecall,
      perSecond: throughput(docs, lead3),
      words: wordsOf(leads),
    },
  ];
}

function printTable(lang: Lang, n: number, rows: Row[]): void {
  const f = (x: number | null) => (x === null ? '   -  ' : x.toFixed(2).padStart(6));
  console.log(`\n${lang}-dev (n=${n})`);
  console.log(
    'system        ROUGE-1  ROUGE-2  ROUGE-Lsum  numRecall(sent)  numRecall(digest)  words  articles/s',
  );
  for (const r of rows) {
    const s = r.sentences;
    console.log(
      `${r.system.padEnd(12)} ${f(s.rouge1)}   ${f(s.rouge2)}    ${f(s.rougeLsum)}       ${f(s.numRecall)}            ${f(r.digestNumRecall)}  ${r.words.toFixed(1).padStart(5)}  ${Math.round(r.perSecond).toString().padStart(9)}`,
    );
  }
  const [a, b] = rows;
  if (a && b) {
    const ratio = a.sentences.rouge1 / b.sentences.rouge1;
    const verdict = ratio > 1 ? 'ABOVE' : 'NOT above';
    console.log(
      `ROUGE-1 extractive / Lead-3 = ${ratio.toFixed(3)} (${verdict} Lead-3); digest numRecall ${f(a.digestNumRecall).trim()}% (target >= 75%); ${Math.round(a.perSecond)} articles/s (target >= 1000)`,
    );
  }
}

function main(): number {
  if (!existsSync(ROUGE)) {
    console.log(`skipped: ${SHARED} (eval sets and rouge.mjs) not found`);
    return 0;
  }
  console.log(
    'Lead-3 = the first three sentences by our own segmenter; both scored by ../shared/tools/rouge.mjs',
  );
  const dir = mkdtempSync(join(tmpdir(), 'newsdigest-quality-'));
  try {
    for (const lang of ['de', 'en'] as const) {
      const refFile = join(SHARED, 'eval', `${lang}-dev.jsonl`);
      if (!existsSync(refFile)) {
        console.log(`\n${lang}-dev: skipped (${refFile} not found)`);
        continue;
      }
      printTable(lang, readDocs(refFile).length, evaluate(lang, refFile, dir));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = main();
