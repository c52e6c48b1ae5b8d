/**
 * Digest quality and speed on every eval set in ../shared/eval (de-dev, de-train, en-dev; a missing set is skipped
 * with a message). Run: npm run bench:quality (builds first: the whole-process figures run dist/cli.js).
 *
 * 1. Per set, ../shared/tools/score_vs_baselines.mjs (run as a child process, not copied): ROUGE-1 of the digest
 *    sentences vs Lead-3 with the paired bootstrap 95 % interval, reference numbers in the digest (sentences + key
 *    figures) vs "Lead-3 + the first five numbers of the text", whole-process articles/s of that run.
 * 2. Per set, ROUGE-1/2/Lsum of our sentences and of Lead-3 (our segmenter) by ../shared/tools/rouge.mjs, and words.
 * 3. Speed: in-process articles/s on one thread (first pass over all articles in a fresh process, and warm), the
 *    whole-process throughput of `node dist/cli.js summarize --jsonl` over all articles of all sets, and CLI start-up
 *    to first digest (`summarize <file>`, median wall time, next to bare `node -e 0`, and CPU time where
 *    /usr/bin/time exists: the machine is shared, wall time includes waiting for a core).
 * Which sets trained or tuned what: the sentence model is trained on de-train and tuned on de-dev
 * (bench/train-scorer.ts); en-dev was used by neither.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Digest, Lang } from '../src/domain/types.js';
import { segmentSentences, summarize } from '../src/pipeline/summarize/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared');
const TOOLS = join(SHARED, 'tools');
const ROUGE = join(TOOLS, 'rouge.mjs');
const VS_BASELINES = join(TOOLS, 'score_vs_baselines.mjs');
const CLI = join(ROOT, 'dist', 'cli.js');
const SETS = ['de-dev', 'de-train', 'en-dev'] as const;
const ROLE: Record<(typeof SETS)[number], string> = {
  'de-dev': 'tuning',
  'de-train': 'training',
  'en-dev': 'held out',
};

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
}
interface VsBaselines {
  n: number;
  errors: number;
  rouge1: number;
  lead3: number;
  deltaR1: number;
  deltaR1ci: [number, number];
  numRecallDigest: number;
  numRecallLead3First5: number;
  wholeProcessDocsPerSec: number;
}

function readDocs(file: string): EvalDoc[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EvalDoc);
}

const ours = (d: EvalDoc): Digest => summarize({ text: d.text, title: d.title || undefined, lang: d.lang });
const lead3 = (d: EvalDoc): string[] => segmentSentences(d.text, d.lang).slice(0, 3);

function rouge(dir: string, name: string, refFile: string, preds: { id: string; summary: string }[]): Scores {
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, `${preds.map((p) => JSON.stringify(p)).join('\n')}\n`);
  const out = execFileSync(process.execPath, [ROUGE, '--pred', file, '--ref', refFile, '--json'], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as Scores;
}

function vsBaselines(setFile: string): VsBaselines {
  const out = execFileSync(process.execPath, [VS_BASELINES, setFile], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as VsBaselines;
}

const f2 = (x: number) => x.toFixed(2).padStart(6);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
const words = (lines: string[][]) =>
  lines.reduce((n, l) => n + l.join(' ').split(/\s+/).length, 0) / Math.max(1, lines.length);

/** Articles per second over at least ~1 s of repeated passes (one thread): per wall second and per CPU second. */
function warmRate(docs: EvalDoc[]): { wall: number; cpu: number } {
  let n = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < 1000) {
    for (const d of docs) ours(d);
    n += docs.length;
  }
  const c = process.cpuUsage(c0);
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((c.user + c.system) / 1e6) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Wall ms of a child process, and its CPU ms (user + sys) when /usr/bin/time can tell. */
function timed(args: string[], input?: string): { wall: number; cpu: number | undefined } {
  const time = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = time
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], { input, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { input, encoding: 'utf8' });
  const wall = performance.now() - t0;
  const m = time ? /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr ?? '') : null;
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined };
}

/** Milliseconds from spawning `summarize --jsonl` to its first output line. */
function firstLineMs(input: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'summarize', '--jsonl'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let done = false;
    child.stdout.on('data', () => {
      if (done) return;
      done = true;
      resolve(performance.now() - t0);
      child.kill();
    });
    child.on('error', reject);
    child.on('close', () => {
      if (!done) reject(new Error('summarize --jsonl printed nothing'));
    });
    child.stdin.on('error', () => {}); // killed before all input was written
    child.stdin.end(input);
  });
}

async function speed(all: EvalDoc[], dir: string): Promise<void> {
  console.log('\nSpeed (one thread; the machine is shared, so figures vary from run to run)');
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const d of all) ours(d);
  const c = process.cpuUsage(c0);
  const first = all.length / ((performance.now() - t0) / 1000);
  const firstCpu = all.length / ((c.user + c.system) / 1e6);
  const warm = warmRate(all);
  console.log(
    `  in-process, first pass over all ${all.length} articles: ${Math.round(first)} articles/s wall, ${Math.round(firstCpu)} per CPU second`,
  );
  console.log(
    `  in-process, warm: ${Math.round(warm.wall)} articles/s wall, ${Math.round(warm.cpu)} per CPU second (target >= 1000)`,
  );
  if (!existsSync(CLI)) {
    console.log(`  whole-process figures skipped: ${CLI} not built (npm run build)`);
    return;
  }
  const input = `${all.map((d) => JSON.stringify({ id: d.id, text: d.text, title: d.title || undefined, lang: d.lang })).join('\n')}\n`;
  const whole = timed([CLI, 'summarize', '--jsonl'], input);
  console.log(
    `  whole process, node dist/cli.js summarize --jsonl over all ${all.length} articles: ${Math.round(all.length / (whole.wall / 1000))} articles/s wall` +
      (whole.cpu === undefined
        ? ''
        : `, ${Math.round(all.length / (whole.cpu / 1000))} articles/s of CPU time`),
  );
  const article = join(dir, 'article.txt');
  writeFileSync(article, all.find((d) => d.lang === 'de')?.text ?? all[0]!.text);
  const runs = 7;
  const cli = Array.from({ length: runs }, () => timed([CLI, 'summarize', article]));
  const bare = Array.from({ length: runs }, () => timed(['-e', '0']));
  const firsts: number[] = [];
  for (let i = 0; i < 3; i++) firsts.push(await firstLineMs(input));
  const cpu = (xs: { cpu: number | undefined }[]) =>
    xs[0]?.cpu === undefined ? 'n/a' : `${Math.round(median(xs.map((x) => x.cpu!)))} ms`;
  console.log(
    `  CLI start-up to first digest (summarize <file>, median of ${runs}): ${Math.round(median(cli.map((x) => x.wall)))} ms wall, ${cpu(cli)} CPU (target <= 250 ms)`,
  );
  console.log(
    `    bare node -e 0 on this machine now: ${Math.round(median(bare.map((x) => x.wall)))} ms wall, ${cpu(bare)} CPU; first line of summarize --jsonl: ${Math.round(median(firsts))} ms wall`,
  );
}

async function main(): Promise<number> {
  if (!existsSync(ROUGE) || !existsSync(VS_BASELINES)) {
    console.log(`skipped: ${TOOLS} (rouge.mjs, score_vs_baselines.mjs) not found`);
    return 0;
  }
  const dir = mkdtempSync(join(tmpdir(), 'newsdigest-quality-'));
  const all: EvalDoc[] = [];
  try {
    console.log('Digest vs baselines, per eval set (score_vs_baselines.mjs; Lead-3 by its own splitter)');
    console.log(
      'set        role       n    ROUGE-1  Lead-3  paired Δ (95% CI)         numbers digest  Lead-3+5  whole-process/s',
    );
    const present: { set: string; file: string; docs: EvalDoc[] }[] = [];
    for (const set of SETS) {
      const file = join(SHARED, 'eval', `${set}.jsonl`);
      if (!existsSync(file)) {
        console.log(`${set.padEnd(10)} skipped: ${file} not found`);
        continue;
      }
      const docs = readDocs(file);
      present.push({ set, file, docs });
      all.push(...docs);
      if (!existsSync(CLI)) {
        console.log(`${set.padEnd(10)} skipped: ${CLI} not built (npm run build)`);
        continue;
      }
      const v = vsBaselines(file);
      const ci = `${signed(v.deltaR1)} (${signed(v.deltaR1ci[0])} … ${signed(v.deltaR1ci[1])})`;
      const beats = v.numRecallDigest > v.numRecallLead3First5 ? '>' : '<=';
      console.log(
        `${set.padEnd(10)} ${ROLE[set].padEnd(9)} ${String(v.n).padStart(4)}  ${f2(v.rouge1)}  ${f2(v.lead3)}  ${ci.padEnd(24)}  ${v.numRecallDigest.toFixed(1).padStart(6)} % ${beats.padStart(2)} ${v.numRecallLead3First5.toFixed(1).padStart(6)} %  ${String(v.wholeProcessDocsPerSec).padStart(8)}` +
          (v.errors > 0 ? `  (${v.errors} errors)` : ''),
      );
    }

    console.log('\nSentences vs Lead-3 by our segmenter (rouge.mjs), per set');
    console.log('set        system       ROUGE-1  ROUGE-2  ROUGE-Lsum  words');
    for (const { set, file, docs } of present) {
      const digests = docs.map(ours);
      const leads = docs.map(lead3);
      const a = rouge(
        dir,
        `${set}-ours`,
        file,
        docs.map((d, i) => ({ id: d.id, summary: digests[i]!.sentences.join('\n') })),
      );
      const b = rouge(
        dir,
        `${set}-lead3`,
        file,
        docs.map((d, i) => ({ id: d.id, summary: leads[i]!.join('\n') })),
      );
      for (const [name, s, w] of [
        ['extractive', a, words(digests.map((d) => d.sentences))],
        ['lead3', b, words(leads)],
      ] as const) {
        console.log(
          `${set.padEnd(10)} ${name.padEnd(11)} ${f2(s.rouge1)}   ${f2(s.rouge2)}    ${f2(s.rougeLsum)}  ${w.toFixed(1).padStart(5)}`,
        );
      }
    }
    if (all.length > 0) await speed(all, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main();
