/**
 * Discord adapter figures against the local fake (loopback; not Discord's real latency or limits):
 * renderer throughput, start-up to ready + command registration, publish throughput, memory.
 * Run: npx tsx bench/discord.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWith } from '../src/config/index.js';
import type { Digest, OutgoingMessage } from '../src/domain/types.js';
import { silentLogger } from '../src/log/index.js';
import { startDiscord } from '../src/platforms/discord/index.js';
import { renderOutgoing } from '../src/platforms/discord/render.js';
import { createChatDirectory } from '../src/delivery/chat-directory.js';
import { openStore } from '../src/store/db.js';
import { startDiscordFake } from '../test/integration/fakes/discord-fake.js';

function digest(i: number): Digest {
  return {
    language: 'de',
    headline: `Meldung ${i}: Gemeinderat beschließt **neuen** Haushalt @everyone`,
    sentences: [
      'Der Gemeinderat hat am Abend einen Haushalt mit einem Volumen von 48,6 Millionen Euro beschlossen.',
      'Für Schulen sind 7,2 Millionen Euro vorgesehen, rund 12 Prozent mehr als im Vorjahr.',
      'Die Opposition kritisierte die geplante Erhöhung der Grundsteuer um 30 Punkte.',
    ],
    keyFigures: [
      { text: '48,6 Millionen Euro', value: 48.6e6, unit: 'Euro', qualifier: '', sentenceIndex: 0 },
      { text: '7,2 Millionen Euro', value: 7.2e6, unit: 'Euro', qualifier: '', sentenceIndex: 1 },
      { text: 'rund 12 Prozent', value: 12, unit: 'Prozent', qualifier: 'rund', sentenceIndex: 1 },
    ],
    source: { name: 'Kreisblatt', url: `https://kreisblatt.example.org/a/${i}`, publishedAt: Date.now() },
    summarizer: 'extractive',
    translated: false,
  };
}

function msg(chatId: string, i: number, digests = [digest(i)]): OutgoingMessage {
  return { channel: { platform: 'discord', chatId }, digests, nonce: `bench-${i}`, locale: 'de' };
}

function renderBench(): void {
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) renderOutgoing(msg('1', i));
  const ms = performance.now() - t0;
  const big = Array.from({ length: 25 }, (_, i) => digest(i));
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) renderOutgoing(msg('1', i, big));
  const ms2 = performance.now() - t1;
  console.log(
    `render: ${Math.round((n / ms) * 1000)} single-digest messages/s; 25-story digest ${(ms2 / 1000).toFixed(3)} ms each`,
  );
}

async function main(): Promise<void> {
  renderBench();
  const fake = await startDiscordFake();
  const dir = mkdtempSync(join(tmpdir(), 'bench-discord-'));
  const store = await openStore(`sqlite:${join(dir, 'b.db')}`);
  const config = configWith({
    DISCORD_TOKEN: 'bench-token',
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: fake.guildId,
  });
  const t0 = performance.now();
  const handle = await startDiscord({
    config,
    log: silentLogger,
    router: { handle: async () => ({}) },
    chats: createChatDirectory(store.db),
  });
  console.log(`start-up to ready + command registration: ${Math.round(performance.now() - t0)} ms`);
  const n = 300;
  const t1 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await handle.publisher.publish(msg(fake.textChannelId, i));
    if (!r.ok) throw new Error(r.code);
  }
  const ms = performance.now() - t1;
  console.log(
    `publish (sequential, one embed each): ${Math.round((n / ms) * 1000)} messages/s, ${(ms / n).toFixed(2)} ms each`,
  );
  console.log(`RSS after start-up and publishing: ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
  await handle.stop();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
