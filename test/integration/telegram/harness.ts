/**
 * Test harness: the fake Bot API, a real SQLite store, the real command router (guarded fetcher allowed to reach
 * loopback servers on the given ports, extractive summarizer) and the real Telegram adapter with long polling.
 */
import { createCommandRouter } from '../../../src/commands/router.js';
import { type Config, configWith, type SettingName } from '../../../src/config/index.js';
import { silentLogger } from '../../../src/log/index.js';
import { createFetcher, type Fetcher, fetcherOptionsFromConfig } from '../../../src/pipeline/fetch/index.js';
import { createChatDirectory } from '../../../src/delivery/chat-directory.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import {
  startTelegram,
  type TelegramHandle,
  type TelegramOptions,
} from '../../../src/platforms/telegram/index.js';
import type { PlatformDeps } from '../../../src/platforms/types.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { type Json, type RecordedCall, TelegramFake } from '../fakes/telegram-fake.js';
import { checkTelegramHtml } from '../fakes/telegram-html.js';

export interface Harness {
  fake: TelegramFake;
  ts: TestStore;
  config: Config;
  deps: PlatformDeps;
  handle: TelegramHandle;
  fetcher: Fetcher;
  close(): Promise<void>;
}

export async function startHarness(
  env: Partial<Record<SettingName, string>> = {},
  opts: TelegramOptions = {},
): Promise<Harness> {
  const fake = await new TelegramFake().listen();
  const ts = await sqliteTestStore();
  const config = configWith({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const log = silentLogger;
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  const router = createCommandRouter({
    store: ts.store,
    config,
    log,
    fetcher,
    summarizer: extractiveSummarizer,
  });
  const deps: PlatformDeps = { config, log, router, chats: createChatDirectory(ts.store.db) };
  const handle = await startTelegram(deps, { pollTimeoutSeconds: 1, ...opts });
  return {
    fake,
    ts,
    config,
    deps,
    handle,
    fetcher,
    close: async () => {
      await handle.stop();
      await fetcher.close();
      await fake.close();
      await ts.cleanup();
    },
  };
}

let messageId = 1000;

export interface UserSpec {
  id: number;
  first_name?: string;
  language_code?: string;
}

/** A command message as Telegram sends it (bot_command entity over the command token). */
export function commandUpdate(chat: Json, from: UserSpec | undefined, text: string, extra: Json = {}): Json {
  const token = text.split(/\s/)[0] ?? text;
  const message: Json = {
    message_id: messageId++,
    date: Math.floor(Date.now() / 1000),
    chat,
    text,
    entities: [{ type: 'bot_command', offset: 0, length: token.length }],
    ...extra,
  };
  if (from) message.from = { is_bot: false, first_name: 'Test', ...from };
  return chat.type === 'channel' ? { channel_post: message } : { message };
}

/** Push a command and wait until the bot answered it in that chat with at least `count` messages. */
export async function ask(
  h: Pick<Harness, 'fake'>,
  chat: Json,
  from: UserSpec | undefined,
  text: string,
  extra: Json = {},
  count = 1,
): Promise<RecordedCall[]> {
  const before = h.fake.calls.length;
  h.fake.pushUpdate(commandUpdate(chat, from, text, extra));
  const mine = () =>
    h.fake.calls
      .slice(before)
      .filter(
        (c) =>
          ['sendMessage', 'sendDocument'].includes(c.method) && String(c.body.chat_id) === String(chat.id),
      );
  await h.fake.waitFor(() => mine().length >= count, 8000);
  return mine();
}

/** Every sendMessage so far is valid Telegram HTML within 4096 visible characters. */
export function assertAllValid(calls: RecordedCall[]): void {
  for (const c of calls.filter((x) => x.method === 'sendMessage')) {
    const text = String(c.body.text);
    if (c.body.parse_mode !== 'HTML') {
      if (text.length > 4096) throw new Error('plain message too long');
      continue;
    }
    const r = checkTelegramHtml(text);
    if (!r.ok) throw new Error(`invalid HTML sent (${r.error}): ${text.slice(0, 300)}`);
    if (r.text.length > 4096 || r.text.trim() === '') throw new Error(`bad length ${r.text.length}`);
  }
}

export const visibleText = (c: RecordedCall | undefined): string => {
  if (!c) return '';
  const r = checkTelegramHtml(String(c.body.text));
  return r.ok ? r.text : String(c.body.text);
};
