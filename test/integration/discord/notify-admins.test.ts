/**
 * notifyAdmins on Discord against the fake: the server owner gets a DM (escaped, pinging no one, naming the
 * channel) found through discord.js' cache or through REST; a channel that is gone tells nobody; a closed DM
 * is logged quietly and never thrown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordClient } from '../../../src/platforms/discord/index.js';
import { createDiscordPublisher } from '../../../src/platforms/discord/publisher.js';
import type { Publisher } from '../../../src/domain/types.js';
import { mentionsSuppressed, validateMessageBody } from '../fakes/discord-limits.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
const NOTICE = 'Das Posten hier ist pausiert: **Rechte fehlen** @everyone <@&123456789012345678>';
const ESCAPED =
  'Das Posten hier ist pausiert: \\*\\*Rechte fehlen\\*\\* @\u200beveryone \\<@&123456789012345678>';

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** A publisher over a client that never logged in: empty caches, so guild and owner come from REST. */
function restOnlyPublisher(): { publisher: Publisher; destroy: () => Promise<void> } {
  const client = createDiscordClient(h.config);
  client.rest.setToken(h.config.DISCORD_TOKEN ?? '');
  return { publisher: createDiscordPublisher(client, h.log), destroy: () => client.destroy() };
}

const dmOpens = () => h.fake.callsTo('POST', /\/users\/@me\/channels$/);

describe('Discord notifyAdmins', () => {
  it('DMs the server owner the escaped notice with the channel, pinging no one (cached guild)', async () => {
    await h.handle.publisher.notifyAdmins?.({ platform: 'discord', chatId: h.fake.textChannelId }, NOTICE);
    const [dm, ...more] = h.fake.dmsTo(h.fake.ownerId);
    expect(more).toEqual([]);
    expect(dmOpens().map((c) => c.body)).toEqual([{ recipient_id: h.fake.ownerId }]);
    const content = String(dm!.body.content);
    expect(content).toBe(`${ESCAPED}\n→ <#${h.fake.textChannelId}> (#nachrichten, Testserver)`);
    expect(dm!.body.allowed_mentions).toEqual({ parse: [] });
    expect(mentionsSuppressed(dm!.body)).toBe(true);
    expect(validateMessageBody(dm!.body)).toEqual([]);
    // the cache knew guild and owner: no REST look-ups
    expect(h.fake.callsTo('GET', /\/guilds\/\d+$/)).toEqual([]);
  });

  it('finds guild and owner over REST when the cache does not know the channel, and names the thread', async () => {
    const { publisher, destroy } = restOnlyPublisher();
    try {
      const before = h.fake.dmsTo(h.fake.ownerId).length;
      const ref = { platform: 'discord' as const, chatId: h.fake.textChannelId, threadId: h.fake.threadId };
      await publisher.notifyAdmins?.(ref, 'Posting here is paused.');
      const dm = h.fake.dmsTo(h.fake.ownerId).slice(before);
      expect(dm).toHaveLength(1);
      expect(dm[0]!.body.content).toBe(
        `Posting here is paused.\n→ <#${h.fake.threadId}> (#nachrichten, Testserver)`,
      );
      expect(h.fake.callsTo('GET', new RegExp(`/channels/${h.fake.textChannelId}$`)).length).toBeGreaterThan(
        0,
      );
      expect(h.fake.callsTo('GET', new RegExp(`/guilds/${h.fake.guildId}$`))).toHaveLength(1);
    } finally {
      await destroy();
    }
  });

  it('tells nobody when the channel is gone (10003) and its guild cannot be found', async () => {
    const { publisher, destroy } = restOnlyPublisher();
    try {
      const opens = dmOpens().length;
      const messages = h.fake.messages.length;
      await publisher.notifyAdmins?.({ platform: 'discord', chatId: '123456789012345678' }, NOTICE);
      await h.handle.publisher.notifyAdmins?.({ platform: 'discord', chatId: '123456789012345679' }, NOTICE);
      expect(h.fake.callsTo('GET', /\/channels\/123456789012345678$/).map((c) => c.status)).toEqual([404]);
      expect(dmOpens()).toHaveLength(opens);
      expect(h.fake.messages).toHaveLength(messages);
      expect(h.logLines.some((l) => l.includes('no server found for the paused channel'))).toBe(true);
    } finally {
      await destroy();
    }
  });

  it('resolves quietly when the owner does not accept DMs (50007), without the token in the log', async () => {
    h.fake.fail({
      method: 'POST',
      path: /\/channels\/\d+\/messages$/,
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    const before = h.fake.dmsTo(h.fake.ownerId).length;
    await expect(
      h.handle.publisher.notifyAdmins?.(
        { platform: 'discord', chatId: h.fake.announcementChannelId },
        NOTICE,
      ),
    ).resolves.toBeUndefined();
    expect(h.fake.dmsTo(h.fake.ownerId)).toHaveLength(before);
    const line = h.logLines.find((l) => l.includes('could not tell the server owner'));
    expect(line).toContain('50007');
    expect(h.logLines.join('\n')).not.toContain('fake-bot-token-for-tests');
  });
});
