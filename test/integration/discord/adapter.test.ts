/**
 * The real discord.js client against the fake Discord: login, command registration, slash commands routed
 * through the real command router, deferral, ephemeral errors, gateway resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatDirectory } from '../../../src/delivery/chat-directory.js';
import { t } from '../../../src/i18n/index.js';
import { startDiscord } from '../../../src/platforms/discord/index.js';
import type { FakeInteraction, RecordedCall } from '../fakes/discord-fake.js';
import { mentionsSuppressed, validateMessageBody } from '../fakes/discord-limits.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const ADMIN = '32';
const EPHEMERAL = 64;

async function answered(i: FakeInteraction, n = 1): Promise<RecordedCall[]> {
  return h.fake.waitFor(() => {
    const calls = h.fake.interactionCalls(i);
    return calls.length >= n ? calls : undefined;
  }, `${n} answer(s) to ${i.id}`);
}

function callbackData(c: RecordedCall): Record<string, unknown> {
  return (c.body as { data: Record<string, unknown> }).data;
}

describe('Discord adapter against the fake Discord', () => {
  it('logs in with the Guilds intent and registers guild commands with German localizations and permissions', () => {
    const identify = h.fake.gatewayEvents.filter((e) => e.op === 2);
    expect(identify).toHaveLength(1);
    expect(h.fake.callsTo('PUT', /\/applications\/\d+\/guilds\/\d+\/commands$/)).toHaveLength(1);
    const cmds = h.fake.commands.get(h.fake.guildId) as Record<string, unknown>[];
    const feeds = cmds.find((c) => c.name === 'feeds')!;
    expect(feeds.default_member_permissions).toBe(ADMIN);
    expect(feeds.description_localizations).toEqual({ de: 'Feeds dieses Chats verwalten (Admins)' });
    const summary = cmds.find((c) => c.name === 'summary')!;
    expect(summary.name_localizations).toEqual({ de: 'zusammenfassung' });
    expect(summary.default_member_permissions).toBeNull();
  });

  it('does not write the commands again when nothing changed', async () => {
    const second = await startDiscord({
      config: h.config,
      log: h.log,
      router: { handle: async () => ({ text: 'unused' }) },
      chats: createChatDirectory(h.db.store.db),
    });
    await second.stop();
    expect(h.fake.callsTo('PUT', /\/commands$/)).toHaveLength(1);
    expect(h.fake.callsTo('GET', /\/guilds\/\d+\/commands$/).length).toBeGreaterThanOrEqual(2);
  });

  it("answers a member's slash command with a reply that pings no one", async () => {
    const i = h.fake.interact({ command: 'help', locale: 'de' });
    const [cb] = await answered(i);
    expect(cb!.path).toMatch(/\/callback$/);
    expect((cb!.body as { type: number }).type).toBe(4);
    const data = callbackData(cb!);
    expect(String(data.content).length).toBeGreaterThan(20);
    expect(mentionsSuppressed(data)).toBe(true);
    expect(validateMessageBody(data)).toEqual([]);
  });

  it('refuses an admin command to a member, privately and in German', async () => {
    const i = h.fake.interact({ command: 'feeds', subcommand: 'list', permissions: '0', locale: 'de' });
    const [cb] = await answered(i);
    const data = callbackData(cb!);
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toBe(t('de', 'command.admin_only'));
  });

  it('executes the admin command for Manage Server, Administrator and the server owner', async () => {
    const refusal = t('en', 'command.admin_only');
    const asManager = h.fake.interact({ command: 'feeds', subcommand: 'list', permissions: ADMIN });
    const asAdmin = h.fake.interact({ command: 'feeds', subcommand: 'list', permissions: '8' });
    const asOwner = h.fake.interact({
      command: 'feeds',
      subcommand: 'list',
      permissions: '0',
      userId: h.fake.ownerId,
    });
    for (const i of [asManager, asAdmin, asOwner]) {
      const [cb] = await answered(i);
      expect(callbackData(cb!).content).not.toBe(refusal);
      expect(callbackData(cb!).content).not.toBe(t('de', 'command.admin_only'));
    }
  });

  it('defers /summary <url>, then edits the reply with the digest embed', async () => {
    const url = `${h.site.base}/artikel/solarpark`;
    const i = h.fake.interact({
      command: 'summary',
      options: [{ name: 'target', type: 3, value: url }],
      locale: 'de',
      userId: '700000000000000001',
    });
    const [defer, edit] = await answered(i, 2);
    expect(defer!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toMatch(/\/messages\/@original$/);
    const body = edit!.body as Record<string, unknown>;
    expect(validateMessageBody(body)).toEqual([]);
    expect(mentionsSuppressed(body)).toBe(true);
    const embed = (body.embeds as Record<string, unknown>[])[0]!;
    expect(embed.title).toBe('Stadtwerke Lindenau bauen Solarpark am Stausee');
    expect(embed.url).toBe(url);
    expect(String(embed.description)).toContain('18 Megawatt');
    const fields = embed.fields as { name: string; value: string }[];
    expect(fields[0]!.name).toBe('Kennzahlen');
    expect(h.site.hits).toContain('/artikel/solarpark');
  });

  it('turns a failed expensive command into a private error after the public deferral', async () => {
    const i = h.fake.interact({
      command: 'summary',
      options: [{ name: 'target', type: 3, value: 'http://127.0.0.1:1/nothing-listens-here' }],
      locale: 'en',
      userId: '700000000000000002',
    });
    const calls = await answered(i, 3);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'DELETE', 'POST']);
    const followUp = calls[2]!.body as Record<string, unknown>;
    expect(followUp.flags).toBe(EPHEMERAL);
    expect(mentionsSuppressed(followUp)).toBe(true);
    expect(String(followUp.content).length).toBeGreaterThan(5);
  });

  it('resumes the gateway session after a drop and keeps answering', async () => {
    const identifies = h.fake.gatewayEvents.filter((e) => e.op === 2).length;
    h.fake.dropGateway(4000);
    await h.fake.waitFor(() => h.fake.gatewayEvents.some((e) => e.op === 6), 'RESUME');
    const i = h.fake.interact({ command: 'help' });
    const [cb] = await answered(i);
    expect((cb!.body as { type: number }).type).toBe(4);
    expect(h.fake.gatewayEvents.filter((e) => e.op === 2)).toHaveLength(identifies);
  });

  it('never writes the bot token to the log', () => {
    expect(h.logLines.length).toBeGreaterThan(0);
    expect(h.logLines.join('\n')).not.toContain('fake-bot-token-for-tests');
  });
});
