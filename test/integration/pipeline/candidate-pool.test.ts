import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { candidatesWith, createCandidatePool } from '../../../src/pipeline/refresh/candidate-pool/index.js';
import { feedCandidates } from '../../../src/pipeline/refresh/candidates.js';

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url));
}

/** An RSS document of about `mb` megabytes (many items with HTML content). */
function bigFeed(mb: number): Buffer {
  const para =
    '<p>Der Stadtrat hat am Dienstag &amp; Mittwoch über den Haushalt von 12,5 Mio. Euro beraten.</p>';
  const items: string[] = [];
  for (let i = 0, size = 0; size < mb * 1024 * 1024; i++) {
    const item = `<item><title>Meldung ${i}</title><link>https://news.example/a/${i}</link><guid>g-${i}</guid><description><![CDATA[${para.repeat(20)}]]></description></item>`;
    items.push(item);
    size += item.length;
  }
  return Buffer.from(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Groß</title>${items.join('')}</channel></rss>`,
  );
}

/** A candidates task for a feed body with nothing known yet. */
function task(body: Buffer) {
  return { body, url: 'https://news.example/feed', feedUrl: 'https://news.example/feed', known: [] };
}

const cores = availableParallelism();
const pool = createCandidatePool({ size: 1 });

afterAll(async () => {
  await pool?.close();
});

describe('parse pool (worker threads)', () => {
  it('creates no pool on a single core or with size 0', () => {
    expect(createCandidatePool({ size: 0 })).toBeUndefined();
    if (cores < 2) expect(pool).toBeUndefined();
  });

  it.skipIf(cores < 2)('parses fixtures exactly like feedCandidates in-process', async () => {
    for (const name of ['rss2-de-utf8.xml', 'atom03.xml', 'rdf-10-latin1.xml', 'jsonfeed-11.json']) {
      const input = task(fixture(name));
      const viaPool = await pool?.candidates(input);
      const local = await feedCandidates(input);
      expect(viaPool).toEqual(local);
      expect(viaPool?.candidates.length).toBeGreaterThan(0);
      expect(viaPool?.candidates.map((c) => c.item.text)).toEqual(local.candidates.map((c) => c.item.text));
      expect(viaPool?.candidates.map((c) => c.item.summaryText)).toEqual(
        local.candidates.map((c) => c.item.summaryText),
      );
    }
  });

  it.skipIf(cores < 2)('passes parse errors on with the same code', async () => {
    const input = { ...task(Buffer.from('<html><body>nope</body></html>')), contentType: 'text/html' };
    const inProcess = await feedCandidates(input).catch((e: AppError) => e.code);
    const pooled = await pool?.candidates(input).catch((e: AppError) => e.code);
    expect(inProcess).toBe('parse.not_a_feed');
    expect(pooled).toBe(inProcess);
  });

  it.skipIf(cores < 2)('kills a parse that exceeds the timeout and keeps working', async () => {
    const slow = pool?.candidates(task(bigFeed(4)), { timeoutMs: 20 });
    // posted to the same worker behind the slow one (several tasks are in flight per worker)
    const queued = [1, 2, 3, 4, 5].map(() => pool?.candidates(task(fixture('rss2-de-utf8.xml'))));
    const error = await slow?.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('parse.timeout');
    // the tasks queued behind it run on the replacement worker
    for (const feed of await Promise.all(queued)) expect(feed?.candidates.length).toBeGreaterThan(0);
    expect(pool?.size).toBe(1);
  });

  it.skipIf(cores < 2)('answers many tasks in flight at once, each with its own result', async () => {
    const names = [
      'rss2-de-utf8.xml',
      'atom03.xml',
      'rdf-10-latin1.xml',
      'jsonfeed-11.json',
      'rss2-utf16le-bom.xml',
    ];
    const reqs = [...names, ...names, ...names].map((name, i) => ({
      body: fixture(name),
      url: 'https://news.example/feed',
      feedUrl: 'https://news.example/feed',
      known: i % 2 === 0 ? [] : ['ksa-48213'],
    }));
    const pooled = await Promise.all(reqs.map((r) => pool?.candidates(r)));
    const local = await Promise.all(reqs.map((r) => feedCandidates(r)));
    expect(pooled).toEqual(local);
    // the same feed with one id known (reqs[5]) has one candidate fewer
    expect(local[5]?.candidates.length).toBe((local[0]?.candidates.length ?? 0) - 1);
    expect(await candidatesWith(undefined, reqs[0]!)).toEqual(local[0]);
  });

  it('falls back to parsing in-process when the pool is closed or absent', async () => {
    const closed = createCandidatePool({ size: 1 });
    if (closed) expect(closed.available()).toBe(true);
    await closed?.close();
    if (closed) expect(closed.available()).toBe(false);
    const input = task(fixture('rss2-de-utf8.xml'));
    const expected = await feedCandidates(input);
    expect(await candidatesWith(closed, input)).toEqual(expected);
    expect(await candidatesWith(undefined, input)).toEqual(expected);
  });
});
