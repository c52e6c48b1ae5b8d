/**
 * Delivery benchmark: 10,000 messages for 500 chats through the real engine (SQLite outbox, leases, rate
 * limiter) to a loopback HTTP platform with limits of 30/s overall and 1/s per chat. Time is scaled by --scale
 * (default 10: the windows shrink tenfold, so the limits are 300 per 1 s and 10 per 1 s per chat; the ratio
 * achieved ÷ limit is what matters). Prints rate ÷ limit, the largest counts seen in any window, lost, duplicates.
 * Run: npm run bench:delivery [-- --scale 10 --messages 10000 --chats 500]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { configWith } from '../src/config/index.js';
import { createDeliveryEngine } from '../src/delivery/engine.js';
import type { Publisher } from '../src/domain/types.js';
import { silentLogger } from '../src/log/index.js';
import { extractiveSummarizer } from '../src/pipeline/summarize/index.js';
import { openStore, type Store } from '../src/store/db.js';
import { addFeed } from '../src/store/feeds-repo.js';
import { saveRefresh } from '../src/store/refresh-write.js';
import { subscribe } from '../src/store/subscriptions-repo.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    messages: { type: 'string', default: '10000' },
    chats: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '32' },
  },
});
const SCALE = Number(values.scale);
const MESSAGES = Number(values.messages);
const CHATS = Number(values.chats);
const GLOBAL = { count: 30, windowMs: 1000 / SCALE };
const PER_CHAT = { count: 1, windowMs: 1000 / SCALE };

interface Arrival {
  at: number;
  chat: string;
  nonce: string;
}

async function platform() {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const m = JSON.parse(body) as { chat: string; nonce: string };
      arrivals.push({ at: performance.now(), chat: m.chat, nonce: m.nonce });
      res.setHeader('content-type', 'application/json');
      res.end(`{"id":"${arrivals.length}"}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, arrivals, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function publisher(url: string): Publisher {
  return {
    platform: 'telegram',
    idempotent: false,
    async publish(m) {
      const r = await request(`${url}/send`, {
        method: 'POST',
        body: JSON.stringify({ chat: m.channel.chatId, nonce: m.nonce }),
      });
      const b = (await r.body.json()) as { id: string };
      return { ok: true, messageIds: [b.id] };
    },
  };
}

/** A made-up word per (chat, item, slot), so no two stories cluster. */
function word(seed: string): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: 8 }, (_, j) => String.fromCharCode(97 + ((h >>> (j * 3)) % 26))).join('');
}

async function seed(store: Store, now: number): Promise<void> {
  const perChat = Math.ceil(MESSAGES / CHATS);
  let left = MESSAGES;
  for (let c = 0; c < CHATS && left > 0; c++) {
    const { feed } = await addFeed(
      store.db,
      {
        url: `https://bench.example/${c}`,
        name: `Feed ${c}`,
        language: 'de',
        tags: [],
        intervalMinutes: 10,
        fullText: false,
      },
      now,
    );
    await subscribe(
      store.db,
      { platform: 'telegram', chatId: String(1000 + c) },
      {
        target: { kind: 'feed', feedId: feed.id },
        language: 'de',
        mode: 'instant',
        cron: '0 7 * * *',
        timezone: 'Europe/Berlin',
        createdBy: 'bench',
      },
    );
    const n = Math.min(perChat, left);
    left -= n;
    const articles = Array.from({ length: n }, (_, i) => {
      const title = `${word(`${c}/${i}/1`)} ${word(`${c}/${i}/2`)} ${word(`${c}/${i}/3`)}`;
      const text = `${title} ${word(`${c}/${i}/4`)} ${word(`${c}/${i}/5`)}.`;
      const url = `https://bench.example/${c}/${i}`;
      return {
        id: `a${i}`,
        feedId: feed.id,
        url,
        canonicalUrl: url,
        title,
        text,
        language: 'de' as const,
        publishedAt: now,
        announce: true,
        digests: [
          {
            language: 'de' as const,
            headline: title,
            sentences: [text],
            keyFigures: [],
            source: { url },
            summarizer: 'extractive',
            translated: false,
          },
        ],
      };
    });
    const state = { nextCheckAt: now, health: 'ok' as const, errorCount: 0, lastCheckedAt: now };
    await saveRefresh(store.db, { feedId: feed.id, articles, state, now });
  }
}

/** Largest number of arrivals in any window of `ms`. */
function maxInWindow(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while ((t[hi] as number) - (t[lo] as number) >= ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

function perChatMax(arrivals: Arrival[]): number {
  const by = new Map<string, number[]>();
  for (const a of arrivals) by.set(a.chat, [...(by.get(a.chat) ?? []), a.at]);
  let worst = 0;
  for (const times of by.values()) worst = Math.max(worst, maxInWindow(times, PER_CHAT.windowMs));
  return worst;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'newsdigest-bench-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  const p = await platform();
  try {
    const now = Date.now();
    let t0 = performance.now();
    await seed(store, now);
    const seedS = (performance.now() - t0) / 1000;
    const config = configWith({
      DELIVERY_CONCURRENCY: values.concurrency,
      LOG_LEVEL: 'silent',
      DELIVERY_POLL_MS: '10',
    });
    const engine = createDeliveryEngine({
      store,
      config,
      log: silentLogger,
      summarizer: extractiveSummarizer,
      limits: (pl) => (pl === 'telegram' ? { global: GLOBAL, perChat: PER_CHAT } : {}),
    });
    engine.registerPublisher(publisher(p.url));
    t0 = performance.now();
    const fan = await engine.fanOut();
    const fanS = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const r = await engine.drain();
    const sendS = (performance.now() - t0) / 1000;
    const distinct = new Set(p.arrivals.map((a) => a.nonce)).size;
    const limitPerS = (GLOBAL.count * 1000) / GLOBAL.windowMs;
    const rate = p.arrivals.length / sendS;
    const out = {
      messages: MESSAGES,
      chats: CHATS,
      scale: SCALE,
      limitOverallPerScaledSecond: limitPerS,
      achievedPerScaledSecond: Math.round(rate),
      rateOverLimit: Number((rate / limitPerS).toFixed(3)),
      maxInAnyGlobalWindow: `${maxInWindow(
        p.arrivals.map((a) => a.at),
        GLOBAL.windowMs,
      )} (limit ${GLOBAL.count})`,
      maxInAnyChatWindow: `${perChatMax(p.arrivals)} (limit ${PER_CHAT.count})`,
      lost: MESSAGES - distinct,
      duplicates: p.arrivals.length - distinct,
      remaining: r.remaining,
      seedSeconds: Number(seedS.toFixed(2)),
      fanOutArticlesPerSecond: Math.round(fan.articles / fanS),
      sendSeconds: Number(sendS.toFixed(2)),
    };
    for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(30)} ${v}\n`);
  } finally {
    await store.close();
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
