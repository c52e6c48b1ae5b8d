/**
 * The composition root with Discord: `startApp` with DISCORD_TOKEN pointed at the fake starts the adapter, and a
 * feed added and subscribed by slash commands reaches the channel through the running poller and delivery loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith } from '../../../src/config/index.js';
import { type App, startApp } from '../../../src/main.js';
import { type DiscordFake, type FakeInteraction, startDiscordFake } from '../fakes/discord-fake.js';
import { type Site, startSite } from './harness.js';

let fake: DiscordFake;
let site: Site;
let app: App;
let dir: string;

beforeAll(async () => {
  fake = await startDiscordFake();
  site = await startSite();
  dir = mkdtempSync(join(tmpdir(), 'discord-start-'));
  const config = configWith({
    DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
    FEEDS_DIR: join(dir, 'no-catalog'),
    DISCORD_TOKEN: 'fake-token-start',
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: fake.guildId,
    ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
    ALLOW_PORTS: String(site.port),
    FULL_TEXT: 'false',
    LOG_LEVEL: 'warn',
  });
  app = await startApp(config, { stdout: () => undefined, stderr: () => undefined });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await new Promise<void>((r) => site.server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

async function answer(i: FakeInteraction, n: number): Promise<void> {
  await fake.waitFor(() => fake.interactionCalls(i).length >= n, `answer to ${i.id}`);
}

describe('startApp with Discord', () => {
  it('runs the adapter and delivers from slash commands to the channel', async () => {
    expect(app.platforms).toEqual(['discord']);
    expect(fake.callsTo('PUT', /\/guilds\/\d+\/commands$/)).toHaveLength(1);
    const feedUrl = `${site.base}/feed.xml`;
    const url = { name: 'url', type: 3, value: feedUrl };
    await answer(
      fake.interact({ command: 'feeds', subcommand: 'add', options: [url], permissions: '32' }),
      2,
    );
    await answer(
      fake.interact({ command: 'subscribe', options: [{ ...url, name: 'target' }], permissions: '16' }),
      1,
    );
    // twice: the first call may join the start-up cycle that ran before the feed existed
    await app.poller.pollOnce();
    await app.poller.pollOnce();
    site.breaking = true;
    // make the feed due again instead of waiting for its interval
    await app.store.db.updateTable('feeds').set({ next_check_at: 0 }).execute();
    expect((await app.poller.pollOnce()).announced).toBe(1);
    const [msg] = await fake.waitFor(() => {
      const m = fake.messagesIn(fake.textChannelId);
      return m.length > 0 ? m : undefined;
    }, 'digest message');
    const embed = (msg!.body.embeds as { title: string; url: string }[])[0]!;
    expect(embed.url).toBe(`${site.base}/artikel/bruecke`);
    expect(embed.title).toContain('@\u200beveryone');
    expect(msg!.body.allowed_mentions).toEqual({ parse: [] });
  });
});
