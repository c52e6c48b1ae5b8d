/**
 * A loopback fake of a LibreTranslate server (POST /translate {q, source, target, format, api_key}).
 * It "translates" German to English with a phrase glossary and rewrites German number separators the English
 * way (1.500 → 1,500; 3,5 → 3.5) — the parts the figure guard checks. Tests may replace `translate`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranslateRequest {
  q: string | string[];
  source: string;
  target: string;
  format?: string;
  api_key?: string;
}

export interface LibreTranslateFake {
  url: string;
  requests: TranslateRequest[];
  /** When set, requests without this api_key get 403. */
  apiKey?: string;
  /** Answer every request with this HTTP status (500, 429, ...). */
  failWith?: number;
  translate: (text: string, source: string, target: string) => string;
  close(): Promise<void>;
}

const glossaryFile = new URL('../../fixtures/llm/glossary-de-en.json', import.meta.url);
/** German → English phrases, longest first. */
export const GLOSSARY: [string, string][] = Object.entries(
  JSON.parse(readFileSync(glossaryFile, 'utf8')) as Record<string, string>,
).sort((a, b) => b[0].length - a[0].length);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1.500 → 1,500 and 3,5 → 3.5 (German to English separators), or the other way round. */
export function swapSeparators(text: string): string {
  return text.replace(/\d[\d.,]*\d/g, (n) => n.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.')));
}

export function glossaryTranslate(text: string, source: string, target: string): string {
  if (source === target) return text;
  const pairs = source === 'de' ? GLOSSARY : GLOSSARY.map(([de, en]) => [en, de] as [string, string]);
  let out = swapSeparators(text);
  for (const [from, to] of pairs) {
    out = out.replace(new RegExp(`(?<![\\p{L}])${escapeRe(from)}(?![\\p{L}])`, 'gu'), to);
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startLibreTranslateFake(): Promise<LibreTranslateFake> {
  const fake: LibreTranslateFake = {
    url: '',
    requests: [],
    translate: glossaryTranslate,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || req.url !== '/translate') return send(404, { error: 'Not Found' });
      const body = JSON.parse(text) as TranslateRequest;
      fake.requests.push(body);
      if (fake.failWith) return send(fake.failWith, { error: 'Slowdown' });
      if (fake.apiKey && body.api_key !== fake.apiKey) return send(403, { error: 'Invalid API key' });
      const one = (q: string) => fake.translate(q, body.source, body.target);
      send(200, { translatedText: Array.isArray(body.q) ? body.q.map(one) : one(body.q) });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}
