/**
 * Hostile pages (issue 12): bounded before Readability, read in a worker with a time and heap limit, every
 * failure an extract.* code. Inputs are generated small; the sizes are in `npm run bench:hostile`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { createExtractor, extractArticle, PAGE_LIMITS } from '../../../src/pipeline/extract/index.js';
import { boundHtml, refuseBinary } from '../../../src/pipeline/extract/prescan.js';
import {
  emptyParagraphs,
  nestedDivs,
  normalPage,
  options,
  pdfBytes,
  randomBytes,
} from '../../helpers/hostile.js';

const URL_ = 'https://kurier.example/artikel';

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).code;
}

function syncCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  }
  return 'none';
}

describe('page pre-limits (one streaming pass, before any DOM)', () => {
  it('refuses nesting beyond the depth limit, also 16,000 levels (no RangeError)', () => {
    expect(syncCode(() => boundHtml(nestedDivs(16_000)))).toBe('extract.too_deep');
    expect(syncCode(() => boundHtml(nestedDivs(PAGE_LIMITS.maxDepth + 1)))).toBe('extract.too_deep');
    // within the limit the page is read as it is
    expect(boundHtml(nestedDivs(PAGE_LIMITS.maxDepth - 10)).cut).toBeUndefined();
  });

  it('counts depth like the HTML parser: implied closes (p, li, option) and void elements do not nest', () => {
    const flat = `<html><body>${'<p>a'.repeat(5_000)}${'<li>b'.repeat(2_000)}${'<br><img src=x>'.repeat(2_000)}</body></html>`;
    const r = boundHtml(flat, { ...PAGE_LIMITS, maxElements: 1_000_000 });
    // html > body > p > li > img at most
    expect(r.maxDepth).toBeLessThanOrEqual(5);
  });

  it('cuts the document before the element beyond the element limit, keeping what came first', () => {
    const r = boundHtml(emptyParagraphs(50_000), { ...PAGE_LIMITS, maxElements: 1_000 });
    expect(r.cut).toBe('elements');
    expect(r.elements).toBe(1_000);
    expect(r.html).toContain('Ladesäulen');
    expect(r.html.length).toBeLessThan(emptyParagraphs(50_000).length / 10);
  });

  it('cuts the document where its text passes the text limit', () => {
    const html = `<html><body><p>${'Wort '.repeat(100_000)}</p><p>spät</p></body></html>`;
    const r = boundHtml(html, { ...PAGE_LIMITS, maxTextChars: 10_000 });
    expect(r.cut).toBe('text');
    expect(r.html).not.toContain('spät');
  });

  it('refuses binary data served as text/html: PDF, random bytes, a document without elements', () => {
    expect(syncCode(() => refuseBinary(pdfBytes(20_000)))).toBe('extract.not_html');
    expect(syncCode(() => refuseBinary(randomBytes(20_000)))).toBe('extract.not_html');
    expect(syncCode(() => boundHtml('just words, no markup at all'))).toBe('extract.not_html');
    // text pages pass, also UTF-16 with its zero bytes
    expect(syncCode(() => refuseBinary(Buffer.from(normalPage())))).toBe('none');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(normalPage(), 'utf16le')]);
    expect(syncCode(() => refuseBinary(utf16))).toBe('none');
  });
});

describe('extractArticle: in a worker, bounded, coded', () => {
  const extractors: Array<ReturnType<typeof createExtractor>> = [];
  afterAll(async () => {
    await Promise.all(extractors.map((x) => x.close()));
  });

  it('gives every caller a code: too deep, PDF bytes, random bytes', async () => {
    const page = (body: string | Buffer) => extractArticle({ body, contentType: 'text/html', url: URL_ });
    expect(await codeOf(page(nestedDivs(16_000)))).toBe('extract.too_deep');
    expect(await codeOf(page(pdfBytes(50_000)))).toBe('extract.not_html');
    expect(await codeOf(page(randomBytes(50_000)))).toBe('extract.not_html');
    // and still reads a normal page afterwards, decoding its bytes there
    const ok = await page(Buffer.from(normalPage()));
    expect(ok.text).toContain('40 neue Ladesäulen');
  });

  it('does not hold up the main thread: a timer set after the call fires before the page is read', async () => {
    const order: string[] = [];
    const reading = extractArticle({ body: options(8_000), url: URL_ }).then(
      () => order.push('page'),
      () => order.push('page'),
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    order.push('timer');
    await reading;
    expect(order).toEqual(['timer', 'page']);
  });

  it('stops a page at the time limit (extract.timeout) and reads the next one in a new worker', async () => {
    const x = createExtractor({ limits: { ...PAGE_LIMITS, maxElements: 1_000_000 } });
    extractors.push(x);
    // the clock starts when the worker has loaded: 250k options are never read in 1 ms
    const slow = x.extract({ body: options(250_000), url: URL_ }, { timeoutMs: 1 });
    const next = x.extract({ body: normalPage(), url: URL_ });
    expect(await codeOf(slow)).toBe('extract.timeout');
    expect((await next).text).toContain('Ladesäulen');
  });

  it('maps running out of worker heap to extract.too_large; the process lives on', async () => {
    const x = createExtractor({
      maxHeapMb: 16,
      limits: { maxElements: 10_000_000, maxDepth: 128, maxTextChars: 1e9 },
    });
    extractors.push(x);
    const code = await codeOf(x.extract({ body: emptyParagraphs(600_000), url: URL_ }));
    expect(code).toBe('extract.too_large');
  });
});
