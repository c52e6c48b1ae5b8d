/**
 * Hostile feeds and pages, generated in code (nothing large is committed): the classes of issue 12. Shared by
 * the tests (small sizes) and bench/hostile.ts (the sizes of the issue).
 */
import { gzipSync } from 'node:zlib';

const RSS_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>';
const RSS_TAIL = '</channel></rss>';

const rss = (items: string) => `${RSS_HEAD}${items}${RSS_TAIL}`;

/** `n` self-closing `<item/>` (700k: 4.9 MB). */
export const selfClosingItems = (n: number) => rss('<item/>'.repeat(n));

/** `n` tiny items with a one-letter title (170k: ~5 MB). */
export const tinyItems = (n: number) => rss('<item><title>a</title></item>'.repeat(n));

/** `n` items with a guid each (100k: 3.1 MB). */
export function guidItems(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`<item><guid>g${i}</guid></item>`);
  return rss(parts.join(''));
}

/** One item whose description is about `bytes` of `&lt;`-escaped tags (4 MB in the issue). */
export function escapedTags(bytes: number, pubDate = new Date().toUTCString()): string {
  const unit = '&lt;p&gt;&lt;b&gt;Rat&lt;/b&gt; beschließt 12 Mio. Euro &lt;i&gt;x&lt;/i&gt;&lt;/p&gt;';
  const desc = unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
  return rss(
    `<item><title>Escaped</title><link>https://hostile.example/a</link><guid>esc-1</guid><pubDate>${pubDate}</pubDate><description>${desc}</description></item>`,
  );
}

/** A gzip body (to be sent without Content-Encoding) that unpacks to `items` tiny items (1.7M: ~120 KB). */
export const gzipBomb = (items: number) => gzipSync(tinyItems(items), { level: 9 });

/** A normal feed for comparison: `n` items with title, link, guid, date and a paragraph. */
export function normalFeed(n: number, prefix = 'n'): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(
      `<item><title>Stadtrat beschließt Haushalt ${i}</title><link>https://news.example/${prefix}/${i}</link><guid>${prefix}-${i}</guid>` +
        `<pubDate>${new Date(Date.now() - i * 60_000).toUTCString()}</pubDate><description><![CDATA[<p>${'Der Rat hat am Dienstag den Haushalt mit 1,2 Milliarden Euro beschlossen. '.repeat(6)}</p>]]></description></item>`,
    );
  }
  return rss(parts.join(''));
}

const PARA =
  'Die Stadtwerke bauen in diesem Jahr 40 neue Ladesäulen für Elektroautos in der Innenstadt, sagte die Sprecherin am Montag. ';

/** A normal article page for comparison (~8 KB, ~60 elements). */
export function normalPage(): string {
  const paras = Array.from({ length: 8 }, (_, i) => `<p>${PARA.repeat(2)}Absatz ${i}.</p>`).join('');
  return `<!doctype html><html><head><title>Ladesäulen</title></head><body><nav><a href="/">Start</a></nav><article><h1>Stadtwerke bauen Ladesäulen</h1>${paras}</article><footer>Impressum</footer></body></html>`;
}

const page = (body: string) =>
  `<!doctype html><html><head><title>Hostile</title></head><body>${body}</body></html>`;

/** `n` nested `<div>` (never closed) around a short text. */
export const nestedDivs = (n: number) => page(`${'<div>'.repeat(n)}${PARA}`);

/** An article followed by `n` empty `<p>`. */
export const emptyParagraphs = (n: number) =>
  page(`<article><p>${PARA.repeat(3)}</p></article>${'<p></p>'.repeat(n)}`);

/** An article followed by `n` `<br>`. */
export const lineBreaks = (n: number) =>
  page(`<article><p>${PARA.repeat(3)}</p></article>${'<br>'.repeat(n)}`);

/** A `<select>` of `n` options. */
export const options = (n: number) =>
  page(`<article><p>${PARA.repeat(3)}</p></article><select>${'<option>x</option>'.repeat(n)}</select>`);

/** Deterministic pseudo-random bytes (xorshift32). */
export function randomBytes(n: number, seed = 12345): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Something shaped like a PDF: header, a text object, a binary stream. */
export function pdfBytes(n: number): Buffer {
  const head = Buffer.from(
    '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n3 0 obj\n<< /Length 0 /Filter /FlateDecode >>\nstream\n',
    'latin1',
  );
  return Buffer.concat([head, randomBytes(Math.max(0, n - head.length), 777)]);
}
