/**
 * Key-figure benchmark: on each eval set in ../shared/eval (read in place, skipped when absent), the share of the
 * reference summary's numbers found in our digest (sentences + key figures) next to the digest's sentences alone
 * and "Lead-3 + the first five numbers of the text", scored with ../shared/tools/rouge.mjs (imported in place).
 * Also counts reachability: reference numbers that are not in the article as digits at all, which no extractive
 * digest can show. And in-process articles/s per CPU second (one core), which does not drift with machine load.
 * Run: npm run bench:figures
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Lang } from '../src/domain/types.js';
import { summarize } from '../src/pipeline/summarize/index.js';

const SHARED = join(fileURLToPath(new URL('..', import.meta.url)), '..', 'shared');
const SETS = ['de-dev', 'de-train', 'en-dev'];

interface EvalDoc {
  id: string;
  lang: Lang;
  title?: string;
  text: string;
  reference_summary: string;
}
type NumbersOf = (text: string) => Set<string>;
type SplitSentences = (text: string, lang: string) => string[];

function readDocs(file: string): EvalDoc[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalDoc);
}

/** Articles per CPU second over at least ~1 s (the shared machine's load does not count). */
function perCpuSecond(docs: EvalDoc[]): number {
  for (const d of docs) summarize({ text: d.text, lang: d.lang });
  let n = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < 1000) {
    for (const d of docs) summarize({ text: d.text, title: d.title || undefined, lang: d.lang });
    n += docs.length;
  }
  const c = process.cpuUsage(c0);
  return n / ((c.user + c.system) / 1e6);
}

async function main(): Promise<void> {
  const tools = join(SHARED, 'tools');
  if (!existsSync(join(tools, 'rouge.mjs'))) {
    console.log(`skipped: ${tools} is absent`);
    return;
  }
  const { numbersOf } = (await import(pathToFileURL(join(tools, 'rouge.mjs')).href)) as {
    numbersOf: NumbersOf;
  };
  const { splitSentences } = (await import(pathToFileURL(join(tools, 'sentences.mjs')).href)) as {
    splitSentences: SplitSentences;
  };
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}`.padStart(6);
  console.log(
    'set        refs w/ nums  ref nums  not in article  digest %  sentences %  Lead-3+5 %  added by figures  articles/CPU-s',
  );
  for (const set of SETS) {
    const file = join(SHARED, 'eval', `${set}.jsonl`);
    if (!existsSync(file)) {
      console.log(`${set}: skipped (${file} absent)`);
      continue;
    }
    const docs = readDocs(file);
    let docsWithNums = 0;
    let refNums = 0;
    let unreachable = 0;
    let added = 0;
    const recall = { digest: 0, sentences: 0, lead: 0 };
    for (const d of docs) {
      const ref = numbersOf(d.reference_summary);
      if (ref.size === 0) continue;
      docsWithNums++;
      const digest = summarize({ text: d.text, title: d.title || undefined, lang: d.lang });
      const sentences = numbersOf(digest.sentences.join('\n'));
      const all = numbersOf([...digest.sentences, ...digest.keyFigures.map((f) => f.text)].join('\n'));
      const firstFive = (d.text.match(/\d+(?:[.,]\d+)*/g) ?? []).slice(0, 5);
      const lead = numbersOf([...splitSentences(d.text, d.lang).slice(0, 3), ...firstFive].join('\n'));
      const article = numbersOf(d.text);
      const hits = (s: Set<string>) => [...ref].filter((n) => s.has(n)).length / ref.size;
      recall.digest += hits(all);
      recall.sentences += hits(sentences);
      recall.lead += hits(lead);
      refNums += ref.size;
      for (const n of ref) {
        if (!article.has(n)) unreachable++;
        if (all.has(n) && !sentences.has(n)) added++;
      }
    }
    console.log(
      `${set.padEnd(10)} ${String(docsWithNums).padStart(12)} ${String(refNums).padStart(9)} ${`${unreachable} (${pct(unreachable, refNums).trim()} %)`.padStart(15)} ${pct(recall.digest, docsWithNums)}    ${pct(recall.sentences, docsWithNums)}       ${pct(recall.lead, docsWithNums)}     ${String(added).padStart(16)}  ${perCpuSecond(docs).toFixed(0).padStart(14)}`,
    );
  }
  console.log(
    '\n% = mean per article with numbers in its reference (as ../shared/tools/score_vs_baselines.mjs); "not in article" = reference numbers the article never writes as digits.',
  );
}

await main();
