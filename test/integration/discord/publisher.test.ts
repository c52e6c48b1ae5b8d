/**
 * The Discord Publisher through the real discord.js REST client against the fake: embeds within limits,
 * nonce idempotency, escaping, channel kinds, 429 handling and error mapping to core codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest, OutgoingMessage } from '../../../src/domain/types.js';
import { mentionsSuppressed, validateMessageBody } from '../fakes/discord-limits.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ settings: { DISCORD_RATE_LIMIT_MAX_WAIT_MS: '1000' } });
});

afterAll(async () => {
  await h?.close();
});

function digest(over: Partial<Digest> = {}): Digest {
  return {
    language: 'de',
    headline: 'Landkreis erhöht Zuschuss für Busverkehr',
    sentences: [
      'Der Kreistag hat den Zuschuss für den Busverkehr um 1,8 Millionen Euro erhöht.',
      'Damit sollen ab Januar 12 zusätzliche Linien im Stundentakt fahren.',
    ],
    keyFigures: [
      { text: '1,8 Millionen Euro', value: 1.8e6, unit: 'Euro', qualifier: '', sentenceIndex: 0 },
      { text: '12 zusätzliche Linien', value: 12, unit: 'Linien', qualifier: '', sentenceIndex: 1 },
    ],
    source: {
      name: 'Kreisbote',
      url: 'https://kreisbote.example.org/bus',
      publishedAt: Date.UTC(2026, 10, 20, 6),
    },
    summarizer: 'extractive',
    translated: false,
    ...over,
  };
}

let seq = 0;
function message(chatId: string, over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  seq += 1;
  return {
    channel: { platform: 'discord', chatId },
    digests: [digest()],
    nonce: `delivery-${seq}-subscription-7-article-abcdef0123456789`,
    locale: 'de',
    ...over,
  };
}

describe('Discord publisher', () => {
  it('is idempotent by platform and posts a digest as an embed that passes the limits and pings no one', async () => {
    expect(h.handle.publisher.platform).toBe('discord');
    expect(h.handle.publisher.idempotent).toBe(true);
    const res = await h.handle.publisher.publish(message(h.fake.textChannelId));
    expect(res.ok).toBe(true);
    const [stored] = h.fake.messagesIn(h.fake.textChannelId);
    expect(res).toEqual({ ok: true, messageIds: [stored!.id] });
    const body = stored!.body;
    expect(validateMessageBody(body)).toEqual([]);
    expect(mentionsSuppressed(body)).toBe(true);
    expect(body.enforce_nonce).toBe(true);
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    const embed = (body.embeds as Record<string, unknown>[])[0]!;
    expect(embed.title).toBe('Landkreis erhöht Zuschuss für Busverkehr');
    expect(embed.footer).toEqual({ text: 'Quelle: Kreisbote' });
  });

  it('posts the same delivery only once when it is retried with the same nonce', async () => {
    const msg = message(h.fake.announcementChannelId);
    const a = await h.handle.publisher.publish(msg);
    const b = await h.handle.publisher.publish(msg);
    expect(a).toEqual(b);
    expect(h.fake.messagesIn(h.fake.announcementChannelId)).toHaveLength(1);
  });

  it('escapes a feed title with @everyone, a role mention and markdown', async () => {
    const headline = '**Eil** @everyone <@&123456789012345678> __jetzt__ lesen';
    const res = await h.handle.publisher.publish(
      message(h.fake.textChannelId, { digests: [digest({ headline })] }),
    );
    expect(res.ok).toBe(true);
    const body = h.fake.messagesIn(h.fake.textChannelId).at(-1)!.body;
    const title = String((body.embeds as Record<string, unknown>[])[0]!.title);
    expect(title).toBe('\\*\\*Eil\\*\\* @\u200beveryone \\<@&123456789012345678> \\_\\_jetzt\\_\\_ lesen');
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('sends a scheduled digest of 14 stories as messages of at most 10 embeds', async () => {
    const digests = Array.from({ length: 14 }, (_, i) => digest({ headline: `Meldung ${i + 1}` }));
    const before = h.fake.messagesIn(h.fake.textChannelId).length;
    const res = await h.handle.publisher.publish(
      message(h.fake.textChannelId, { digests, title: 'Dein Morgen' }),
    );
    expect(res.ok && res.messageIds.length).toBe(2);
    const sent = h.fake.messagesIn(h.fake.textChannelId).slice(before);
    expect(sent.map((m) => (m.body.embeds as unknown[]).length)).toEqual([10, 4]);
    expect(sent[0]!.body.content).toBe('**Dein Morgen**');
    expect(new Set(sent.map((m) => m.body.nonce)).size).toBe(2);
  });

  it('posts into a thread and opens a new post per digest in a forum channel', async () => {
    const inThread = await h.handle.publisher.publish(
      message(h.fake.textChannelId, {
        channel: { platform: 'discord', chatId: h.fake.textChannelId, threadId: h.fake.threadId },
      }),
    );
    expect(inThread.ok).toBe(true);
    expect(h.fake.messagesIn(h.fake.threadId)).toHaveLength(1);
    const r1 = await h.handle.publisher.publish(message(h.fake.forumChannelId));
    const r2 = await h.handle.publisher.publish(message(h.fake.forumChannelId));
    expect(r1.ok && r2.ok).toBe(true);
    const posts = h.fake.callsTo('POST', new RegExp(`/channels/${h.fake.forumChannelId}/threads$`));
    expect(posts).toHaveLength(2);
    expect((posts[0]!.body as { name: string }).name).toBe('Landkreis erhöht Zuschuss für Busverkehr');
  });

  it('waits through a short 429 as the headers say and then delivers', async () => {
    const route = new RegExp(`/channels/${h.fake.textChannelId}/messages$`);
    const before = h.fake.callsTo('POST', route).length;
    h.fake.fail({ method: 'POST', path: route, status: 429, retryAfter: 0.2 });
    const res = await h.handle.publisher.publish(message(h.fake.textChannelId));
    expect(res.ok).toBe(true);
    const calls = h.fake.callsTo('POST', route).slice(before);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(h.logLines.some((l) => l.includes('discord rate limited'))).toBe(true);
  });

  it('pauses for a global 429 and then delivers', async () => {
    const route = new RegExp(`/channels/${h.fake.threadId}/messages$`);
    const before = h.fake.callsTo('POST', route).length;
    h.fake.fail({ method: 'POST', path: route, status: 429, retryAfter: 0.2, global: true });
    const res = await h.handle.publisher.publish(
      message(h.fake.textChannelId, {
        channel: { platform: 'discord', chatId: h.fake.textChannelId, threadId: h.fake.threadId },
      }),
    );
    expect(res.ok).toBe(true);
    expect(
      h.fake
        .callsTo('POST', route)
        .slice(before)
        .map((c) => c.status),
    ).toEqual([429, 200]);
  });

  it('hands a long 429 back to the core as rate_limited with the wait', async () => {
    const route = new RegExp(`/channels/${h.fake.announcementChannelId}/messages$`);
    h.fake.fail({ method: 'POST', path: route, status: 429, retryAfter: 30 });
    const res = await h.handle.publisher.publish(message(h.fake.announcementChannelId));
    expect(res).toMatchObject({ ok: false, code: 'delivery.rate_limited', permanent: false });
    expect(!res.ok && res.retryAfterMs).toBeGreaterThanOrEqual(29_000);
  });

  it('maps 403/50013 to missing_permissions and 404/10003 to chat_not_found, both permanent', async () => {
    h.fake.fail({
      method: 'POST',
      path: new RegExp(`/channels/${h.fake.threadId}/messages$`),
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    const denied = await h.handle.publisher.publish(
      message(h.fake.textChannelId, {
        channel: { platform: 'discord', chatId: h.fake.textChannelId, threadId: h.fake.threadId },
      }),
    );
    expect(denied).toMatchObject({ ok: false, code: 'delivery.missing_permissions', permanent: true });
    const gone = await h.handle.publisher.publish(message('123456789012345678'));
    expect(gone).toMatchObject({ ok: false, code: 'delivery.chat_not_found', permanent: true });
  });

  it('maps a 400 (invalid form body) to a permanent bad_format: the same body is not sent again', async () => {
    const chat = h.fake.textChannelId;
    const route = new RegExp(`/channels/${chat}/messages$`);
    h.fake.fail({ method: 'POST', path: route, status: 400, code: 50035, message: 'Invalid Form Body' });
    const res = await h.handle.publisher.publish(message(chat));
    h.fake.clearFailures();
    expect(res).toMatchObject({ ok: false, code: 'delivery.bad_format', permanent: true });
  });

  it('maps persistent 5xx to a retryable server_error', async () => {
    const chat = h.fake.textChannelId;
    const route = new RegExp(`/channels/${chat}/messages$`);
    h.fake.fail({ method: 'POST', path: route, status: 502, times: 10 });
    const res = await h.handle.publisher.publish(message(chat));
    h.fake.clearFailures();
    expect(res).toMatchObject({ ok: false, code: 'delivery.server_error', permanent: false });
  });
});

describe('Discord publisher edge cases', () => {
  it('sends nothing for a message without digests', async () => {
    const before = h.fake.messages.length;
    const res = await h.handle.publisher.publish(message(h.fake.forumChannelId, { digests: [] }));
    expect(res).toEqual({ ok: true, messageIds: [] });
    expect(h.fake.messages.length).toBe(before);
  });
});
