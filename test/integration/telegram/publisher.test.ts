/**
 * The Telegram Publisher against the fake Bot API: HTML digests in forum topics, error mapping (429, 403, 400
 * chat not found, group migration, 5xx, network), the plain-text retry after "can't parse entities", and the
 * bot's resilience (polling survives API errors; a failing update does not stop the bot); webhook mode.
 */
import { readFileSync } from 'node:fs';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest, OutgoingMessage } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';
import { createTelegramPublisher } from '../../../src/platforms/telegram/publisher.js';
import { checkTelegramHtml } from '../fakes/telegram-html.js';
import { ask, type Harness, startHarness, visibleText } from './harness.js';

const digest = JSON.parse(
  readFileSync(new URL('../../fixtures/telegram/digest-escaping.json', import.meta.url), 'utf8'),
) as Digest;

const message = (chatId: string, threadId?: string): OutgoingMessage => ({
  channel: { platform: 'telegram', chatId, ...(threadId ? { threadId } : {}) },
  digests: [digest],
  nonce: `n-${chatId}`,
  locale: 'de',
});

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 30_000);

afterAll(async () => {
  await h?.close();
});

describe('telegram publisher', () => {
  it('posts an escaped HTML digest into a forum topic', async () => {
    const r = await h.handle.publisher.publish(message('-1007770001', '42'));
    expect(r.ok).toBe(true);
    const sent = h.fake.callsOf('sendMessage').at(-1);
    expect(sent?.body.message_thread_id).toBe(42);
    expect(sent?.body.parse_mode).toBe('HTML');
    const parsed = checkTelegramHtml(String(sent?.body.text));
    expect(parsed.ok && parsed.text).toContain('Tarifstreit <Update> & "Warnstreik"');
    expect(String(sent?.body.text)).toContain('Tarifstreit &lt;Update&gt; &amp;');
    if (r.ok) expect(r.messageIds).toHaveLength(1);
  });

  it('sends nothing for a message without digests', async () => {
    const before = h.fake.callsOf('sendMessage').length;
    const r = await h.handle.publisher.publish({ ...message('-1007770009'), digests: [], title: 'Leer' });
    expect(r).toEqual({ ok: true, messageIds: [] });
    expect(h.fake.callsOf('sendMessage')).toHaveLength(before);
  });

  it('retries a short 429 with its retry_after (bounded auto-retry)', async () => {
    const before = h.fake.callsOf('sendMessage').length;
    h.fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const r = await h.handle.publisher.publish(message('-1007770002'));
    expect(r.ok).toBe(true);
    expect(h.fake.callsOf('sendMessage').length - before).toBe(2);
  });

  it('hands a long 429 back to the engine with retryAfterMs', async () => {
    h.fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 30',
      parameters: { retry_after: 30 },
    });
    const r = await h.handle.publisher.publish(message('-1007770003'));
    expect(r).toMatchObject({
      ok: false,
      code: 'delivery.rate_limited',
      retryAfterMs: 30_000,
      permanent: false,
    });
  });

  it('maps 403 and 400 chat not found to permanent failures', async () => {
    h.fake.failNext('sendMessage', {
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    expect(await h.handle.publisher.publish(message('811'))).toMatchObject({
      ok: false,
      code: 'delivery.blocked',
      permanent: true,
    });
    h.fake.failNext('sendMessage', {
      error_code: 403,
      description: 'Forbidden: bot was kicked from the supergroup chat',
    });
    expect(await h.handle.publisher.publish(message('-100811'))).toMatchObject({
      ok: false,
      code: 'delivery.chat_not_found',
      permanent: true,
    });
    h.fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    expect(await h.handle.publisher.publish(message('-100812'))).toMatchObject({
      ok: false,
      code: 'delivery.chat_not_found',
      permanent: true,
    });
  });

  it('returns the new chat id of a migrated group', async () => {
    h.fake.failNext('sendMessage', {
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1009876543 },
    });
    const r = await h.handle.publisher.publish(message('-4711'));
    expect(r).toMatchObject({ ok: false, migrateToChatId: '-1009876543', permanent: false });
  });

  it('marks 5xx as retryable server errors', async () => {
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    expect(await h.handle.publisher.publish(message('-100813'))).toMatchObject({
      ok: false,
      code: 'delivery.server_error',
      permanent: false,
    });
  });

  it('retries once as plain text when Telegram cannot parse the entities', async () => {
    h.fake.failNext('sendMessage', {
      error_code: 400,
      description: "Bad Request: can't parse entities: unexpected end tag",
    });
    const r = await h.handle.publisher.publish(message('-100814'));
    expect(r.ok).toBe(true);
    const last = h.fake.callsOf('sendMessage').at(-1);
    expect(last?.body.parse_mode).toBeUndefined();
    expect(String(last?.body.text)).toContain('Tarifstreit <Update> & "Warnstreik"');
  });

  it('resumes a partly sent long message at the chunk that failed instead of repeating the first', async () => {
    const long: Digest = {
      ...digest,
      sentences: Array.from(
        { length: 120 },
        (_, i) => `Satz ${i}: Der Rat beriet lange über den Haushalt & die Folgen.`,
      ),
    };
    const msg: OutgoingMessage = { ...message('-100816'), digests: [long], nonce: 'long-1' };
    h.fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, '-100816', 1);
    const first = await h.handle.publisher.publish(msg);
    expect(first).toMatchObject({ ok: false, code: 'delivery.server_error', permanent: false });
    const second = await h.handle.publisher.publish(msg);
    expect(second.ok).toBe(true);
    const sent = h.fake.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === '-100816');
    const texts = sent.map((c) => String(c.body.text));
    expect(texts.filter((t) => t.includes('Satz 0:'))).toHaveLength(1);
    // chunk 1, chunk 2 (failed), chunk 2 again: each chunk delivered exactly once
    expect(texts).toHaveLength(3);
    expect(texts[2]).toBe(texts[1]);
    if (second.ok) expect(second.messageIds).toHaveLength(2);
  });

  it('maps an unreachable API to a retryable network error', async () => {
    const api = new Api(h.fake.token, { apiRoot: 'http://127.0.0.1:9', timeoutSeconds: 5 });
    const r = await createTelegramPublisher(api, silentLogger).publish(message('-100815'));
    expect(r).toMatchObject({ ok: false, code: 'delivery.network', permanent: false });
  });
});

describe('telegram bot resilience', () => {
  const chat = { id: 920, type: 'private', first_name: 'R' };

  it('keeps polling after getUpdates fails and after an update whose reply fails', async () => {
    h.fake.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' });
    h.fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'getUpdates').length > 0);
    await ask(h, chat, { id: 920, language_code: 'en' }, '/help').catch(() => undefined);
    const [reply] = await ask(h, chat, { id: 920, language_code: 'en' }, '/help');
    expect(visibleText(reply)).toContain('Commands:');
    expect(h.fake.pendingFailures()).toBe(0);
  });
});

describe('telegram webhook mode', () => {
  let w: Harness;
  beforeAll(async () => {
    w = await startHarness(
      { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg/hook', TELEGRAM_WEBHOOK_SECRET: 's3cret-token' },
      { webhookPort: 0, webhookHost: '127.0.0.1' },
    );
  }, 30_000);
  afterAll(async () => {
    await w?.close();
  });

  it('registers the webhook with its secret and answers updates posted to it', async () => {
    expect(w.fake.callsOf('setWebhook')[0]?.body).toMatchObject({
      url: 'https://bot.example.org/tg/hook',
      secret_token: 's3cret-token',
    });
    expect(w.fake.callsOf('getUpdates')).toHaveLength(0);
    const post = (secret: string) =>
      fetch(`http://127.0.0.1:${w.handle.webhookPort}/tg/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify({
          update_id: 1,
          message: {
            message_id: 1,
            date: 1,
            chat: { id: 930, type: 'private', first_name: 'W' },
            from: { id: 930, is_bot: false, first_name: 'W', language_code: 'de' },
            text: '/help',
            entities: [{ type: 'bot_command', offset: 0, length: 5 }],
          },
        }),
      });
    const wrong = await post('wrong');
    expect(wrong.status).toBe(401);
    expect(w.fake.callsOf('sendMessage')).toHaveLength(0);
    const right = await post('s3cret-token');
    expect(right.status).toBe(200);
    await w.fake.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'));
    expect(visibleText(w.fake.callsOf('sendMessage')[0])).toContain('Befehle:');
  });
});
