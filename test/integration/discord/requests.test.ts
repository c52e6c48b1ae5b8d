/**
 * How interactions become CommandRequests, and the 3-second rule, with a scripted router standing in for the
 * core behind the PlatformDeps port: names, typed options, locale, channel refs for threads and forum posts,
 * the admin flag, deferral of slow answers, and the error boundary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRouter } from '../../../src/commands/router.js';
import { configWith } from '../../../src/config/index.js';
import type { CommandRequest, CommandResponse } from '../../../src/domain/types.js';
import { createChatDirectory } from '../../../src/delivery/chat-directory.js';
import { t } from '../../../src/i18n/index.js';
import { createLogger } from '../../../src/log/index.js';
import { startDiscord } from '../../../src/platforms/discord/index.js';
import type { PlatformHandle } from '../../../src/platforms/types.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { type DiscordFake, type FakeInteraction, startDiscordFake } from '../fakes/discord-fake.js';

let fake: DiscordFake;
let db: TestStore;
let handle: PlatformHandle;
const seen: CommandRequest[] = [];
const logLines: string[] = [];
/** Answers held back until the test releases them (for the deferral test). */
const held = new Map<string, (r: CommandResponse) => void>();

const router: CommandRouter = {
  async handle(req) {
    seen.push(req);
    if (req.name === 'help') throw new Error('handler exploded');
    if (req.name === 'list') {
      return new Promise<CommandResponse>((resolve) => held.set(req.actor.userId, resolve));
    }
    return { text: `ok ${req.name}` };
  },
};

beforeAll(async () => {
  fake = await startDiscordFake();
  db = await sqliteTestStore();
  const config = configWith({
    DISCORD_TOKEN: 'fake-token-requests',
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_DEFER_AFTER_MS: '100',
  });
  const log = createLogger({ level: 'debug', write: (l) => logLines.push(l) });
  handle = await startDiscord({ config, log, router, chats: createChatDirectory(db.store.db) });
});

afterAll(async () => {
  await handle?.stop();
  await fake?.close();
  await db?.cleanup();
});

async function request(i: FakeInteraction): Promise<CommandRequest> {
  return fake.waitFor(() => seen.find((r) => r.actor.userId === i.userId), 'routed request');
}

async function calls(i: FakeInteraction, n: number) {
  return fake.waitFor(() => {
    const c = fake.interactionCalls(i);
    return c.length >= n ? c : undefined;
  }, `${n} calls`);
}

describe('interaction → CommandRequest', () => {
  it('registers globally when no guild is configured', () => {
    expect(fake.callsTo('PUT', /^\/api\/v10\/applications\/\d+\/commands$/)).toHaveLength(1);
    expect(fake.callsTo('PUT', /\/guilds\//)).toHaveLength(0);
  });

  it('maps group + subcommand, typed options, German locale and a member without rights', async () => {
    const i = fake.interact({
      command: 'feeds',
      subcommand: 'add',
      options: [
        { name: 'url', type: 3, value: 'https://example.org/feed.xml' },
        { name: 'tags', type: 3, value: 'region,politik' },
      ],
      locale: 'de-DE',
      permissions: '0',
    });
    const req = await request(i);
    expect(req).toMatchObject({
      name: 'feeds add',
      options: { url: 'https://example.org/feed.xml', tags: 'region,politik' },
      actor: { platform: 'discord', userId: i.userId, isAdmin: false },
      channel: { platform: 'discord', chatId: fake.textChannelId },
      locale: 'de',
    });
    expect(req.channel.threadId).toBeUndefined();
  });

  it('keeps integers as numbers, English locales as en, and Manage Server as admin', async () => {
    const i = fake.interact({
      command: 'summary',
      options: [
        { name: 'target', type: 3, value: 'latest' },
        { name: 'count', type: 4, value: 3 },
      ],
      locale: 'en-GB',
      permissions: '32',
    });
    const req = await request(i);
    expect(req.options).toEqual({ target: 'latest', count: 3 });
    expect(req.locale).toBe('en');
    expect(req.actor.isAdmin).toBe(true);
  });

  it('addresses a thread as parent + threadId, and a forum post as its forum (new posts per digest)', async () => {
    const inThread = await request(fake.interact({ command: 'subscribe', channelId: fake.threadId }));
    expect(inThread.channel).toEqual({
      platform: 'discord',
      chatId: fake.textChannelId,
      threadId: fake.threadId,
    });
    const post = fake.addForumPost();
    const inPost = await request(fake.interact({ command: 'subscribe', channelId: post }));
    expect(inPost.channel).toEqual({ platform: 'discord', chatId: fake.forumChannelId });
  });

  it('defers a slow answer before the 3 s deadline and then edits it in', async () => {
    const i = fake.interact({ command: 'list' });
    const [defer] = await calls(i, 1);
    expect(defer!.body).toEqual({ type: 5, data: { flags: 0 } });
    held.get(i.userId)!({ text: 'Zwei Abos: **Politik** und Sport' });
    const [, edit] = await calls(i, 2);
    expect(edit!.method).toBe('PATCH');
    expect((edit!.body as { content: string }).content).toBe('Zwei Abos: \\*\\*Politik\\*\\* und Sport');
  });

  it('answers a throwing handler with a private internal error and keeps running', async () => {
    const i = fake.interact({ command: 'help', locale: 'de' });
    const [cb] = await calls(i, 1);
    const data = (cb!.body as { data: Record<string, unknown> }).data;
    expect(data.flags).toBe(64);
    expect(data.content).toBe(t('de', 'internal'));
    expect(
      logLines.some((l) => l.includes('discord interaction failed') && l.includes('handler exploded')),
    ).toBe(true);
    const after = fake.interact({
      command: 'why',
      options: [{ name: 'url', type: 3, value: 'https://x.example/a' }],
    });
    const [ok] = await calls(after, 1);
    expect((ok!.body as { data: { content: string } }).data.content).toBe('ok why');
  });
});

describe('start-up failures', () => {
  it('reports a token Discord rejects as config.invalid and leaves nothing running', async () => {
    fake.fail({ method: 'GET', path: /\/gateway\/bot$/, status: 401, code: 0, message: '401: Unauthorized' });
    const config = configWith({ DISCORD_TOKEN: 'wrong-token', DISCORD_API_URL: fake.apiUrl });
    const err = await startDiscord({
      config,
      log: createLogger({ level: 'silent' }),
      router,
      chats: createChatDirectory(db.store.db),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'AppError', code: 'config.invalid' });
    expect(String((err as Error).message)).toContain('DISCORD_TOKEN was rejected');
  });
});
