/**
 * bench:poll's synthetic world: N feeds × 50 items served from one loopback server. Cycle 1 serves every feed with
 * ETag "v1"; cycle 2 answers 304 to even feeds (If-None-Match "v1") and gives odd feeds 5 new items (ETag "v2").
 * The text is composed here (no corpus text), German for even feeds, English for odd ones.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ITEMS = 50;
export const NEW_ITEMS = 5;

const DE = [
  'Der Gemeinderat von {town} hat am Dienstag {n} Millionen Euro für neue Radwege bewilligt.',
  'Nach Angaben der Verwaltung sollen bis zum Sommer rund {m} Kilometer Strecke entstehen.',
  'Die Kosten liegen damit um {p} Prozent über der ersten Schätzung aus dem Frühjahr.',
  'Kritiker bemängeln, dass die Planung die Wünsche der Anwohner kaum berücksichtigt habe.',
  'Der Bürgermeister verwies dagegen auf Zuschüsse des Landes, die einen großen Teil der Summe decken.',
  'Eine Entscheidung über weitere Abschnitte soll im kommenden Jahr fallen.',
];
const EN = [
  'The council of {town} approved {n} million pounds for new cycle lanes on Tuesday.',
  'Officials said about {m} kilometres of track would be built by the summer.',
  'That puts the cost {p} percent above the first estimate made in the spring.',
  'Critics said the plans paid little attention to what residents had asked for.',
  'The mayor pointed to regional grants that cover a large share of the money.',
  'A decision on further sections is expected next year.',
];
const TOWNS = ['Lindenau', 'Birkhain', 'Oakfield', 'Marston', 'Talheim', 'Westbrook'];

function fill(s: string, f: number, j: number): string {
  return s
    .replace('{town}', TOWNS[(f + j) % TOWNS.length] ?? 'Lindenau')
    .replace('{n}', String(2 + ((f * 7 + j) % 40)))
    .replace('{m}', String(5 + ((f + j * 3) % 60)))
    .replace('{p}', String(3 + ((f + j) % 25)));
}

function itemXml(f: number, j: number, date: number): string {
  const lines = f % 2 === 0 ? DE : EN;
  const text = lines.map((s) => fill(s, f, j));
  const title = `${f % 2 === 0 ? 'Meldung' : 'Report'} ${j}: ${fill(lines[0] ?? '', f, j).slice(0, 60)}`;
  return (
    `<item><title>${title}</title><guid isPermaLink="false">f${f}-i${j}</guid>` +
    `<link>https://news${f % 50}.example/feed${f}/item${j}</link>` +
    `<pubDate>${new Date(date).toUTCString()}</pubDate>` +
    `<description>${text[0]}</description>` +
    `<content:encoded><![CDATA[<p>${text.slice(0, 3).join(' ')}</p><p>${text.slice(3).join(' ')}</p>]]></content:encoded></item>`
  );
}

/** The feed document of feed `f`: items [first, first + 50), newest first. */
export function feedXml(f: number, first: number, baseTime: number): string {
  const items: string[] = [];
  for (let j = first + ITEMS - 1; j >= first; j--)
    items.push(itemXml(f, j, baseTime - (first + ITEMS - j) * 60_000));
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">' +
    `<channel><title>Bench feed ${f}</title><link>https://news${f % 50}.example/</link>${items.join('\n')}</channel></rss>`
  );
}

export interface BenchServer {
  port: number;
  setCycle(c: 1 | 2): void;
  /** Build the bodies of feeds [0, n) for the current cycle now, so neither measured side pays for it. */
  warm(n: number): void;
  close(): Promise<void>;
}

/** Serves /feed/<f>.xml for both cycles; bodies are built once per cycle and feed on first request. */
export async function startBenchServer(baseTime: number, port = 0): Promise<BenchServer> {
  let cycle: 1 | 2 = 1;
  const cache = new Map<string, Buffer>();
  const bodyOf = (f: number, changed: boolean): Buffer => {
    const key = `${f}:${changed}`;
    let body = cache.get(key);
    if (!body) {
      body = Buffer.from(feedXml(f, changed ? NEW_ITEMS : 0, baseTime + (changed ? NEW_ITEMS * 60_000 : 0)));
      cache.set(key, body);
    }
    return body;
  };
  const server: Server = createServer((req, res) => {
    const m = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    if (!m) {
      res.statusCode = 404;
      return res.end();
    }
    const f = Number(m[1]);
    const changed = cycle === 2 && f % 2 === 1;
    const etag = changed ? '"v2"' : '"v1"';
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.setHeader('etag', etag);
      return res.end();
    }
    const body = bodyOf(f, changed);
    res.writeHead(200, {
      'content-type': 'application/rss+xml; charset=utf-8',
      etag,
      'content-length': body.length,
    });
    res.end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    setCycle: (c) => {
      cycle = c;
      cache.clear();
    },
    warm: (n) => {
      for (let f = 0; f < n; f++) {
        const changed = cycle === 2 && f % 2 === 1;
        if (cycle === 1 || changed) bodyOf(f, changed);
      }
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
