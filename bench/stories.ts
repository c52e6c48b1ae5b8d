/**
 * Story-clustering benchmark (the cross-outlet "same story" rule of src/delivery/story.ts):
 *  - false merges: every pair of items within one feed of ../shared/corpus/feeds is a different story. Each pair
 *    is scored with the cross-outlet rule as if two different outlets had sent it (the fan-out would only ask
 *    the stricter same-feed rule). The word context is the whole pool of items, as if one chat followed all of
 *    these feeds. Skipped with a message when the corpus is absent.
 *  - recall: the hand-written same-story pairs from two outlets in test/fixtures/delivery/cross-outlet-pairs.json
 *    (half German, half English), with the tuning half (even index) and the held-out half (odd) printed apart.
 * Run: npm run bench:stories
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareStories, sameFeedUpdate, storyContext, storyKey } from '../src/delivery/story.js';
import { parseFeed } from '../src/pipeline/parse/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'feeds');
const PAIRS = join(ROOT, 'test', 'fixtures', 'delivery', 'cross-outlet-pairs.json');

interface Side {
  title: string;
  text: string;
}
interface Pair {
  lang: 'de' | 'en';
  a: Side;
  b: Side;
}

async function corpusFeeds(): Promise<{ file: string; keys: string[]; titles: string[] }[]> {
  const manifest = join(CORPUS, 'MANIFEST.json');
  if (!existsSync(manifest)) {
    console.log(`false merges: skipped, ${manifest} not found`);
    return [];
  }
  const files = (JSON.parse(readFileSync(manifest, 'utf8')) as { files: { file: string }[] }).files;
  const out: { file: string; keys: string[]; titles: string[] }[] = [];
  for (const { file } of files) {
    try {
      const feed = await parseFeed({ body: readFileSync(join(CORPUS, file)) });
      out.push({
        file,
        keys: feed.items.map((i) => storyKey(i.title, i.text)),
        titles: feed.items.map((i) => i.title),
      });
    } catch {
      // malformed corpus files end in a typed error: no items, no pairs
    }
  }
  return out;
}

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(3)} %`);
const ratio = (n: number, d: number) => (d === 0 ? 'n/a' : (n / d).toFixed(2));

async function main(): Promise<void> {
  const pairs = (JSON.parse(readFileSync(PAIRS, 'utf8')) as { pairs: Pair[] }).pairs;
  const pairKeys = pairs.map((p) => [storyKey(p.a.title, p.a.text), storyKey(p.b.title, p.b.text)] as const);
  const feeds = await corpusFeeds();
  const ctx = storyContext([...feeds.flatMap((f) => f.keys), ...pairKeys.flat()]);

  let total = 0;
  let merged = 0;
  let mergedNoCtx = 0;
  let sameFeed = 0;
  const byFeed = new Map<string, number>();
  const examples: string[] = [];
  const t0 = performance.now();
  for (const f of feeds) {
    for (let i = 0; i < f.keys.length; i++) {
      for (let j = i + 1; j < f.keys.length; j++) {
        total++;
        const a = f.keys[i]!;
        const b = f.keys[j]!;
        if (compareStories(a, b, ctx).same) {
          merged++;
          byFeed.set(f.file, (byFeed.get(f.file) ?? 0) + 1);
          if (examples.length < 5) examples.push(`${f.titles[i]} <> ${f.titles[j]}`.slice(0, 150));
        }
        if (compareStories(a, b).same) mergedNoCtx++;
        if (sameFeedUpdate(a, b)) sameFeed++;
      }
    }
  }
  const ms = performance.now() - t0;

  const hits = pairKeys.map(([a, b]) => compareStories(a, b, ctx).same);
  const count = (pred: (p: Pair, i: number) => boolean) => {
    const idx = pairs.map((p, i) => (pred(p, i) ? i : -1)).filter((i) => i >= 0);
    return [idx.filter((i) => hits[i]).length, idx.length] as const;
  };
  const all = count(() => true);
  const tune = count((_p, i) => i % 2 === 0);
  const held = count((_p, i) => i % 2 === 1);
  const de = count((p) => p.lang === 'de');
  const en = count((p) => p.lang === 'en');

  console.log('story clustering (cross-outlet rule)');
  if (feeds.length > 0) {
    console.log(
      `  false merges, within-feed pairs: ${merged} / ${total} = ${pct(merged, total)}  (target ≤ 0.050 %; ${feeds.length} feeds)`,
    );
    console.log(
      `    same rule without word context:   ${mergedNoCtx} / ${total} = ${pct(mergedNoCtx, total)}`,
    );
    console.log(`    same-feed rule (near-identical):  ${sameFeed} / ${total} = ${pct(sameFeed, total)}`);
    const worst = [...byFeed].sort((x, y) => y[1] - x[1]).slice(0, 3);
    console.log(`    most merges in: ${worst.map(([f, n]) => `${f} (${n})`).join(', ') || 'none'}`);
    for (const e of examples) console.log(`    e.g. ${e}`);
    console.log(`    ${((total / ms) * 1000).toFixed(0)} pair comparisons per second (three rules each)`);
  }
  console.log(
    `  recall, same-story pairs across outlets: ${all[0]} / ${all[1]} = ${ratio(all[0], all[1])}  (target ≥ 0.70)`,
  );
  console.log(
    `    tuning half ${tune[0]}/${tune[1]} = ${ratio(tune[0], tune[1])}, held-out half ${held[0]}/${held[1]} = ${ratio(held[0], held[1])}`,
  );
  console.log(
    `    German ${de[0]}/${de[1]} = ${ratio(de[0], de[1])}, English ${en[0]}/${en[1]} = ${ratio(en[0], en[1])}`,
  );
}

await main();
