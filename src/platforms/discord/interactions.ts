/**
 * Slash-command interactions → CommandRequest → router → reply. Answers within Discord's 3 s: expensive
 * commands defer at once, others defer when the router has not answered after DEFER_AFTER_MS. Errors and
 * ephemeral responses are only visible to the invoking user. One try/catch per interaction.
 */
import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type InteractionReplyOptions,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import type { CommandRouter } from '../../commands/router.js';
import { findCommand } from '../../commands/table.js';
import { AppError, toErrorInfo } from '../../domain/errors.js';
import type { ChannelRef, CommandRequest, CommandResponse, Lang, OptionValue } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import type { Logger } from '../../log/index.js';
import type { DiscordPayload } from './limits.js';
import { renderResponse } from './render.js';

export const DEFER_AFTER_MS = 2000;
const MAX_ATTACHMENT_BYTES = 1_048_576;

export function localeOf(discordLocale: string | undefined): Lang {
  return discordLocale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** Manage Server or Administrator (Discord folds admin into has()), or the server owner; DMs are the user's own. */
export function isAdminInteraction(i: ChatInputCommandInteraction): boolean {
  if (!i.inGuild()) return true;
  if (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  return i.guild?.ownerId === i.user.id;
}

/** May change what this channel receives: Manage Channels here (the interaction's permissions include overwrites). */
export function canManageInteraction(i: ChatInputCommandInteraction): boolean {
  if (isAdminInteraction(i)) return true;
  return i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) === true;
}

/** Threads in text channels keep their parent as chat and the thread as threadId; forum posts map to the forum. */
export function channelRefOf(i: ChatInputCommandInteraction | AutocompleteInteraction): ChannelRef {
  const ch = i.channel;
  if (ch?.isThread() && ch.parentId) {
    const parent = ch.parent;
    if (parent && parent.type === 15) return { platform: 'discord', chatId: ch.parentId };
    return { platform: 'discord', chatId: ch.parentId, threadId: ch.id };
  }
  return { platform: 'discord', chatId: i.channelId };
}

function leafOptions(data: readonly CommandInteractionOption[]): readonly CommandInteractionOption[] {
  const first = data[0];
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) return leafOptions(first.options ?? []);
  if (first?.type === ApplicationCommandOptionType.Subcommand) return first.options ?? [];
  return data;
}

export function commandName(i: ChatInputCommandInteraction | AutocompleteInteraction): string {
  const group = i.options.getSubcommandGroup(false);
  const sub = i.options.getSubcommand(false);
  return [i.commandName, group, sub].filter((s) => s).join(' ');
}

async function download(url: string): Promise<string> {
  if (!/^https?:\/\//i.test(url)) throw new AppError('input.invalid_url', 'attachment url');
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000), redirect: 'follow' });
  if (!res.ok)
    throw new AppError('fetch.http_status', `attachment HTTP ${res.status}`, { status: res.status });
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError('input.too_large', 'attachment', { limit: `${MAX_ATTACHMENT_BYTES / 1024} KiB` });
  }
  return buf.toString('utf8');
}

export async function toCommandRequest(i: ChatInputCommandInteraction): Promise<CommandRequest> {
  const options: Record<string, OptionValue | undefined> = {};
  let attachment: CommandRequest['attachment'];
  for (const o of leafOptions(i.options.data)) {
    if (o.type === ApplicationCommandOptionType.Attachment && o.attachment) {
      if (o.attachment.size > MAX_ATTACHMENT_BYTES) {
        throw new AppError('input.too_large', 'attachment', { limit: `${MAX_ATTACHMENT_BYTES / 1024} KiB` });
      }
      attachment = { name: o.attachment.name, content: await download(o.attachment.url) };
      options[o.name] = o.attachment.name;
    } else if (typeof o.value === 'string' || typeof o.value === 'number' || typeof o.value === 'boolean') {
      options[o.name] = o.value;
    }
  }
  const actor = {
    platform: 'discord' as const,
    userId: i.user.id,
    isAdmin: isAdminInteraction(i),
    canManage: canManageInteraction(i),
    displayName: i.user.globalName ?? i.user.username,
  };
  const req: CommandRequest = {
    name: commandName(i),
    options,
    actor,
    channel: channelRefOf(i),
    locale: localeOf(i.locale),
    // ephemeral answers are the caller's alone: their client's language and command names
    syntax: 'slash',
    privateAnswers: true,
  };
  if (attachment) req.attachment = attachment;
  return req;
}

function toOptions(p: DiscordPayload, ephemeral: boolean): InteractionReplyOptions {
  const o: InteractionReplyOptions = { allowedMentions: { parse: [] } };
  if (p.content !== undefined) o.content = p.content;
  if (p.embeds) o.embeds = p.embeds;
  if (ephemeral) o.flags = MessageFlags.Ephemeral;
  return o;
}

function withFile(o: InteractionReplyOptions, resp: CommandResponse): InteractionReplyOptions {
  if (!resp.file) return o;
  return { ...o, files: [{ attachment: Buffer.from(resp.file.content, 'utf8'), name: resp.file.name }] };
}

/** Send the response: reply (or edit the deferred reply), then follow-ups for further parts. */
export async function sendResponse(
  i: ChatInputCommandInteraction,
  resp: CommandResponse,
  locale: Lang,
): Promise<void> {
  const ephemeral = resp.ephemeral === true || resp.error !== undefined;
  const parts = renderResponse(resp, locale).map((p) => toOptions(p, ephemeral));
  parts[0] = withFile(parts[0]!, resp);
  const [first, ...rest] = parts;
  if (!i.deferred && !i.replied) await i.reply(first!);
  else if (ephemeral && !i.ephemeral) {
    // a public deferral cannot turn private: drop the "thinking…" message and answer privately
    await i.deleteReply();
    await i.followUp(first!);
  } else {
    const { flags: _flags, ...edit } = first!;
    await i.editReply(edit);
  }
  for (const p of rest) await i.followUp(p);
}

export interface InteractionDeps {
  router: CommandRouter;
  log: Logger;
  deferAfterMs?: number;
}

async function routeWithDeferral(i: ChatInputCommandInteraction, req: CommandRequest, deps: InteractionDeps) {
  // visibility first: a refusal (not allowed, bad options) is answered privately at once, never after a public
  // "thinking…"; answers that are private anyway defer privately
  const refusal = await deps.router.preflight?.(req);
  if (refusal) return refusal;
  const spec = findCommand(req.name);
  const defer = () => i.deferReply(spec?.privateAnswer ? { flags: MessageFlags.Ephemeral } : {});
  if (spec?.expensive) await defer();
  const pending = deps.router.handle(req);
  if (i.deferred) return pending;
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), deps.deferAfterMs ?? DEFER_AFTER_MS);
  });
  const first = await Promise.race([pending, slow]);
  clearTimeout(timer);
  if (first !== 'slow') return first;
  await defer();
  return pending;
}

function errorResponse(e: unknown, locale: Lang): CommandResponse {
  const info = toErrorInfo(e);
  return { error: info, text: t(locale, info.code, info.params ?? {}), ephemeral: true };
}

/** Handle one slash command; never throws (the adapter's per-interaction error boundary). */
export async function handleInteraction(
  i: ChatInputCommandInteraction,
  deps: InteractionDeps,
): Promise<void> {
  const locale = localeOf(i.locale);
  try {
    const req = await toCommandRequest(i);
    const resp = await routeWithDeferral(i, req, deps);
    await sendResponse(i, resp, locale);
  } catch (e) {
    deps.log.error({ err: e, command: i.commandName }, 'discord interaction failed');
    try {
      await sendResponse(i, errorResponse(e, locale), locale);
    } catch (e2) {
      deps.log.error({ err: e2 }, 'discord error reply failed');
    }
  }
}

/**
 * Autocomplete (interaction type 4): suggestions for the option being typed, answered with type 8 within
 * Discord's limits (the core caps them at 25 choices of at most 100 characters). Never throws; on failure the
 * user sees no suggestions and can still type a value.
 */
export async function handleAutocomplete(i: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  try {
    const focused = i.options.getFocused(true);
    const choices =
      (await deps.router.complete?.({
        name: commandName(i),
        option: focused.name,
        query: String(focused.value ?? ''),
        channel: channelRefOf(i),
        locale: localeOf(i.locale),
      })) ?? [];
    await i.respond(choices);
  } catch (e) {
    deps.log.warn({ err: e, command: i.commandName }, 'discord autocomplete failed');
  }
}
