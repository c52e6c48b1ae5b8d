/**
 * Telegram adapter figures: HTML rendering throughput (typical and oversized digests) and the command round trip
 * (update pushed to the fake Bot API → long poll → router → sendMessage recorded), median and p95.
 * Run: npx tsx bench/telegram.ts
 */
import { performance } from 'node:perf_hooks';
import { createCommandRouter } from '../src/commands/router.js';
import { configWith } from '../src/config/index.js';
import type { Digest } from '../src/domain/types.js';
import { silentLogger } from '../src/log/index.js';
import { createChatDirectory } from '../src/delivery/chat-directory.js';
import { createFetcher, fetcherOptionsFromConfig } from '../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../src/pipeline/summarize/index.js';
import { startTelegram } from '../src/platforms/telegram/index.js';
import { renderMessage } from '../src/platforms/telegram/render.js';
import { sqliteTestStore } from '../test/helpers/store.js';
import { TelegramFake } from '../test/integration/fakes/telegram-fake.js';

const digest = (sentences: number): Digest => ({
  language: 'de',
  headline: 'Stadtwerke investieren 240 Millionen Euro in das Wärmenetz & mehr <Analyse>',
  sentences: Array.from(
    { length: sentences },
    (_, i) =>
      `Satz ${i}: Die Stadtwerke wollen bis 2032 rund 240 Millionen Euro in den Ausbau investieren & prüfen <Optionen>.`,
  ),
  keyFigures: [
    { text: 'rund 240 Millionen Euro', value: 2.4e8, unit: 'Euro', qualifier: 'rund', sentenceIndex: 0 },
    { text: '18.000 Haushalte', value: 18000, unit: 'Haushalte', qualifier: '', sentenceIndex: 1 },
  ],
  source: { name: 'Weserblick', url: 'https://weserblick.example/waerme' },
  summarizer: 'extractive',
  translated: false,
});

function renderRate(d: Digest, n: number): { perSecond: number; chunks: number } {
  let chunks = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1) chunks = renderMessage({ digests: [d], locale: 'de' }).length;
  return { perSecond: Math.round(n / ((performance.now() - t0) / 1000)), chunks };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

async function roundTrips(n: number): Promise<number[]> {
  const fake = await new TelegramFake().listen();
  const ts = await sqliteTestStore();
  const config = configWith({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    LOG_LEVEL: 'silent',
  });
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  const router = createCommandRouter({
    store: ts.store,
    config,
    log: silentLogger,
    fetcher,
    summarizer: extractiveSummarizer,
  });
  const handle = await startTelegram(
    { config, log: silentLogger, router, chats: createChatDirectory(ts.store.db) },
    { pollTimeoutSeconds: 1 },
  );
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const before = fake.callsOf('sendMessage').length;
    const t0 = performance.now();
    fake.pushUpdate({
      message: {
        message_id: i + 1,
        date: 1,
        chat: { id: 42, type: 'private', first_name: 'B' },
        from: { id: 42, is_bot: false, first_name: 'B', language_code: 'de' },
        text: '/list',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    });
    const deadline = Date.now() + 10_000;
    while (fake.callsOf('sendMessage').length <= before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1));
    }
    times.push(performance.now() - t0);
  }
  await handle.stop();
  await fetcher.close();
  await fake.close();
  await ts.cleanup();
  return times;
}

const typical = renderRate(digest(3), 20_000);
const oversized = renderRate(digest(120), 500);
console.log(
  `render typical digest (3 sentences, 2 figures): ${typical.perSecond} digests/s, ${typical.chunks} message`,
);
console.log(
  `render oversized digest (120 sentences): ${oversized.perSecond} digests/s, ${oversized.chunks} messages`,
);
const rt = await roundTrips(200);
console.log(
  `command round trip /list via fake Bot API (200 runs): median ${pct(rt, 0.5).toFixed(1)} ms, p95 ${pct(rt, 0.95).toFixed(1)} ms`,
);
