/**
 * /metrics counts the bot's own rate-limit waits: the real app (`startApp`) with HTTP_PORT, the Telegram fake, a
 * group subscribed by its admin through commands, three new stories and a per-group limit of one message per
 * second — the second and third message wait, and `newsdigest_rate_limit_waits_total` and its seconds move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotUnderTest, startBot, until } from '../../helpers/app.js';
import { GERMAN_STORIES, LiveFeed } from '../../helpers/stories.js';
import { TelegramFake } from '../fakes/telegram-fake.js';
import { type FeedServer, startFeedServer } from '../pipeline/feed-server.js';
import { ask } from '../telegram/harness.js';

const GROUP = { id: -1004242077, type: 'supergroup' as const, title: 'Messrunde' };
const ADMIN = { id: 801, language_code: 'en' };

function sample(text: string, name: string, labels = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

let web: FeedServer;
let feed: LiveFeed;
let fake: TelegramFake;
let bot: BotUnderTest;

beforeAll(async () => {
  web = await startFeedServer();
  feed = new LiveFeed(web, 'Messblatt');
  fake = await new TelegramFake().listen();
  fake.addChat(GROUP);
  fake.setMember(GROUP.id, ADMIN.id, 'administrator');
  bot = await startBot(web.port, {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_RATE_PER_CHAT: '1/1s',
    TELEGRAM_RATE_PER_GROUP: '1/1s',
    HTTP_PORT: '0',
  });
}, 30_000);

afterAll(async () => {
  await bot?.close();
  await fake?.close();
  await web?.close();
});

describe('rate-limit waits in /metrics', () => {
  it('count the waits for a chat limit, by platform and scope, with their seconds', async () => {
    const metrics = async () => (await fetch(`http://127.0.0.1:${bot.app.httpPort}/metrics`)).text();
    await ask({ fake }, GROUP, ADMIN, `/feeds add ${feed.url}`);
    await ask({ fake }, GROUP, ADMIN, `/subscribe ${feed.url}`);
    const before = await metrics();
    expect(sample(before, 'newsdigest_rate_limit_waits_total')).toBe(0);
    const stories = GERMAN_STORIES.slice(0, 3);
    feed.publish(stories);
    await bot.scheduledPoll();
    const statuses = await bot.settled(
      { platform: 'telegram', chatId: String(GROUP.id) },
      stories.map((s) => feed.link(s)),
    );
    expect(statuses).toEqual(['delivered', 'delivered', 'delivered']);
    const after = await until(async () => {
      const m = await metrics();
      return sample(m, 'newsdigest_rate_limit_waits_total', 'scope="chat"') > 0 ? m : undefined;
    }, 'a rate-limit wait in /metrics');
    expect(after).toMatch(/newsdigest_rate_limit_waits_total\{platform="telegram",scope="chat"\} \d/);
    expect(sample(after, 'newsdigest_rate_limit_wait_seconds_total', 'platform="telegram"')).toBeGreaterThan(
      0,
    );
  }, 60_000);
});
