/**
 * Figure-guard benchmark on ../shared/eval/{de,en}-dev.jsonl (skipped with a message when absent):
 *  - false refusals: extractive digests (verbatim sentences) checked against their own article must pass;
 *  - invented numbers: one digit of one number in a digest sentence changed → must be refused;
 *  - dropped qualifiers: "bis zu"/"up to"/"mehr als"/"more than" removed before a number → must be refused;
 *  - speed: guard checks per second on one core.
 * Run: npx tsx bench/guard.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Digest, Lang } from '../src/domain/types.js';
import { summarize } from '../src/pipeline/summarize/extractive.js';
import { guardDigest } from '../src/pipeline/summarize/guard/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EVAL = join(ROOT, '..', 'shared', 'eval');

interface Doc {
  id: string;
  lang: Lang;
  text: string;
}

const QUALIFIER = /\b(bis zu|mehr als|up to|more than) (?=\d)/i;

/** Change the first digit of the first number that is not part of a name (1.500 → 2.500). */
function inventNumber(s: string): string | undefined {
  const m = /(?<![\p{L}\d.,-])(\d)(?=[\d.,]*\s)/u.exec(s);
  if (!m) return undefined;
  const d = Number(m[1]);
  return `${s.slice(0, m.index)}${(d + 3) % 10 || 4}${s.slice(m.index + 1)}`;
}

function mutateOne(d: Digest, change: (s: string) => string | undefined): Digest | undefined {
  for (let i = 0; i < d.sentences.length; i++) {
    const changed = change(d.sentences[i]!);
    if (changed && changed !== d.sentences[i]) {
      const sentences = [...d.sentences];
      sentences[i] = changed;
      return { ...d, sentences, keyFigures: [] };
    }
  }
  return undefined;
}

function refused(d: Digest, doc: Doc, changedIndex: number): boolean {
  const r = guardDigest(d, { text: doc.text, lang: doc.lang });
  return (
    r.verdict === 'rejected' || (r.digest?.sentences.length ?? 0) < d.sentences.length || changedIndex < 0
  );
}

function runSet(lang: Lang): void {
  const file = join(EVAL, `${lang}-dev.jsonl`);
  if (!existsSync(file)) {
    console.log(`${lang}: ${file} not found — skipped`);
    return;
  }
  const docs = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Doc);
  const stats = { pass: 0, repaired: 0, rejected: 0, invented: 0, inventedCaught: 0, qual: 0, qualCaught: 0 };
  const refusedParts = { headline: 0, sentence: 0, figure: 0 };
  const digests = docs.map((doc) => summarize({ text: doc.text, lang: doc.lang }));
  const t0 = performance.now();
  digests.forEach((d, i) => {
    const r = guardDigest(d, { text: docs[i]!.text, lang: docs[i]!.lang });
    stats[r.verdict]++;
    for (const part of new Set(r.mismatches.map((m) => `${m.part}:${m.index}`))) {
      refusedParts[part.split(':')[0] as keyof typeof refusedParts]++;
    }
  });
  const ms = performance.now() - t0;
  digests.forEach((d, i) => {
    const doc = docs[i]!;
    const invented = mutateOne(d, inventNumber);
    if (invented) {
      stats.invented++;
      if (refused(invented, doc, 0)) stats.inventedCaught++;
    }
    const unqualified = mutateOne(d, (s) => (QUALIFIER.test(s) ? s.replace(QUALIFIER, '') : undefined));
    if (unqualified) {
      stats.qual++;
      if (refused(unqualified, doc, 0)) stats.qualCaught++;
    }
  });
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
  console.log(
    `${lang}: ${docs.length} articles | verbatim digests pass ${pct(stats.pass, docs.length)} ` +
      `(repaired ${stats.repaired}, rejected ${stats.rejected}; refused: ${refusedParts.sentence} sentences, ` +
      `${refusedParts.figure} engine key figures) | invented number caught ` +
      `${stats.inventedCaught}/${stats.invented} (${pct(stats.inventedCaught, stats.invented)}) | dropped qualifier caught ` +
      `${stats.qualCaught}/${stats.qual} | ${Math.round((docs.length / ms) * 1000)} guard checks/s`,
  );
}

runSet('de');
runSet('en');
