/**
 * A loopback feed and page server for pipeline tests: each path serves a settable document with an optional ETag
 * (answering 304 to a matching If-None-Match), a forced status, or extra headers. Requests are recorded.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createFetcher, type Fetcher } from '../../../src/pipeline/fetch/index.js';

export interface Doc {
  body: string | Buffer;
  contentType?: string;
  etag?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Hold the answer this long (to observe concurrency). */
  delayMs?: number;
}

export interface FeedServer {
  port: number;
  url(path: string): string;
  set(path: string, doc: Doc): void;
  requests: { path: string; headers: IncomingHttpHeaders; status: number }[];
  /** Highest number of requests answered at the same time. */
  maxActive: number;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const docs = new Map<string, Doc>();
  const requests: FeedServer['requests'] = [];
  let active = 0;
  const server: Server = createServer(async (req, res) => {
    active++;
    state.maxActive = Math.max(state.maxActive, active);
    res.on('close', () => {
      active--;
    });
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const doc = docs.get(path);
    let status = doc ? (doc.status ?? 200) : 404;
    if (doc?.etag && req.headers['if-none-match'] === doc.etag && status === 200) status = 304;
    requests.push({ path, headers: req.headers, status });
    res.statusCode = status;
    if (doc?.etag) res.setHeader('etag', doc.etag);
    for (const [k, v] of Object.entries(doc?.headers ?? {})) res.setHeader(k, v);
    if (doc?.delayMs) await new Promise((r) => setTimeout(r, doc.delayMs));
    if (status === 304) return res.end();
    res.setHeader('content-type', doc?.contentType ?? 'application/rss+xml; charset=utf-8');
    res.end(doc?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const state: FeedServer = {
    port,
    maxActive: 0,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set: (path, doc) => {
      docs.set(path, doc);
    },
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}

/** The guarded fetcher, allowed to reach this server (loopback) and nothing else private. */
export function loopbackFetcher(server: FeedServer): Fetcher {
  return createFetcher({
    allowPrivateHosts: ['127.0.0.1/32'],
    allowPorts: [server.port],
    userAgent: 'news-digest-bot-test/1.0 (+https://example.invalid)',
    timeoutMs: 5000,
    connectTimeoutMs: 2000,
    maxFeedBytes: 1_000_000,
    maxPageBytes: 1_000_000,
    maxRedirects: 5,
  });
}

/** A feed server and its fetcher for the tests of one file: started before them, closed after them. */
export function loopbackSuite(): { readonly server: FeedServer; readonly fetcher: Fetcher } {
  const env = {} as { server: FeedServer; fetcher: Fetcher };
  beforeAll(async () => {
    env.server = await startFeedServer();
    env.fetcher = loopbackFetcher(env.server);
  });
  afterAll(async () => {
    await env.fetcher.close();
    await env.server.close();
  });
  return env;
}

export interface FeedItem {
  guid?: string;
  link?: string;
  title: string;
  date?: number;
  description?: string;
  content?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document with the given items. */
export function rss(title: string, items: FeedItem[], ttl?: number): string {
  const body = items
    .map((i) =>
      [
        '<item>',
        `<title>${esc(i.title)}</title>`,
        i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : '',
        i.link ? `<link>${esc(i.link)}</link>` : '',
        i.date !== undefined ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : '',
        i.description ? `<description>${esc(i.description)}</description>` : '',
        i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : '',
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>${esc(title)}</title><link>https://example.org/</link>${ttl ? `<ttl>${ttl}</ttl>` : ''}
${body}
</channel></rss>`;
}

/** A long German paragraph block (own text) for items that carry their full content. */
export function longText(topic: string, n: number): string {
  const s = [
    `Der Kreistag hat am Montag über ${topic} beraten und mit großer Mehrheit ${n} Millionen Euro bewilligt.`,
    `Nach Angaben der Verwaltung sollen die Arbeiten im kommenden Frühjahr beginnen und rund ${n + 2} Monate dauern.`,
    `Die Opposition kritisierte, dass die Kosten seit der ersten Planung um ${n * 3} Prozent gestiegen seien.`,
    'Der Landrat verteidigte das Vorhaben und verwies auf Zuschüsse des Landes, die einen Teil der Summe decken.',
    'Anwohner hatten in einer Versammlung vor allem mehr Lärmschutz und eine bessere Anbindung an den Nahverkehr gefordert.',
    'Eine Bürgerinitiative kündigte an, den Beschluss genau prüfen zu lassen, wollte aber zunächst keine Klage einreichen.',
  ];
  return `<p>${s.slice(0, 3).join(' ')}</p><p>${s.slice(3).join(' ')}</p>`;
}
