/**
 * Telegram updates → CommandRequest → router → replies. Decides the target (the chat, its forum topic, or the
 * channel a user selected from a private chat), the admin flag, and the locale; loads OPML uploads.
 */
import type { Api, Context } from 'grammy';
import type { Document, Message } from 'grammy/types';
import { exampleLine, usageLine } from '../../commands/names.js';
import { COMMANDS, findCommand } from '../../commands/table.js';
import { toErrorInfo } from '../../domain/errors.js';
import type { ChannelRef, CommandRequest, Lang } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import type { PlatformDeps } from '../types.js';
import { isChatAdmin, isMemberAdmin } from './admin.js';
import { downloadDocument } from './document.js';
import { helpText } from './menu.js';
import { parseCommand, usage } from './parse.js';
import { replyText, sendResponse } from './respond.js';

/** Commands answered in the private chat itself even when a channel is selected. */
const PERSONAL = new Set(['summary', 'help']);

export interface HandlerEnv {
  deps: PlatformDeps;
  apiRoot: string;
  token: string;
}

export function localeOf(ctx: Context, fallback: Lang): Lang {
  const code = ctx.from?.language_code?.toLowerCase();
  if (!code) return fallback;
  return code.startsWith('de') ? 'de' : 'en';
}

export function channelRefOf(
  msg: Pick<Message, 'chat' | 'is_topic_message' | 'message_thread_id'>,
): ChannelRef {
  const ref: ChannelRef = { platform: 'telegram', chatId: String(msg.chat.id) };
  if (msg.is_topic_message && msg.message_thread_id !== undefined)
    ref.threadId = String(msg.message_thread_id);
  return ref;
}

interface Target {
  channel: ChannelRef;
  isAdmin: boolean;
  channelTitle?: string;
}

async function resolveTarget(ctx: Context, msg: Message, name: string, deps: PlatformDeps): Promise<Target> {
  if (msg.chat.type === 'private' && ctx.from && !PERSONAL.has(name)) {
    const linked = await deps.chats.selected(String(ctx.from.id));
    if (linked) {
      const isAdmin = await isMemberAdmin(ctx.api, linked.chatId, ctx.from.id);
      return {
        channel: { platform: 'telegram', chatId: linked.chatId },
        isAdmin,
        channelTitle: linked.title,
      };
    }
  }
  const sender = { chat: msg.chat, from: ctx.from, senderChat: msg.sender_chat };
  return { channel: channelRefOf(msg), isAdmin: await isChatAdmin(ctx.api, sender) };
}

/**
 * The language the chat chose (`settings language`), else the user's: /help, /start and parse errors are
 * answered in it, like every answer of the router.
 */
async function chatLanguage(deps: PlatformDeps, msg: Message, locale: Lang): Promise<Lang> {
  try {
    return (await deps.chats.language(channelRefOf(msg))) ?? locale;
  } catch {
    return locale;
  }
}

/** The command word of a message: `/feeds@Bot add x` → `feeds`. */
export function commandWord(text: string): string | undefined {
  return /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s|$)/.exec(text)?.[1]?.toLowerCase();
}

export async function handleCommand(
  ctx: Context,
  env: HandlerEnv,
  text: string,
  args: string,
): Promise<void> {
  const msg = ctx.msg;
  const word = commandWord(text);
  if (!msg || !word) return;
  const locale = localeOf(ctx, env.deps.config.DEFAULT_LANGUAGE);
  const parsed = word === 'help' || word === 'start' ? undefined : parseCommand(word, args);
  if (!parsed?.ok) {
    const lang = await chatLanguage(env.deps, msg, locale);
    return parsed ? replyParseError(ctx, parsed, lang) : replyText(ctx, helpText(lang));
  }
  const target = await resolveTarget(ctx, msg, parsed.name, env.deps);
  if (target.channelTitle && !target.isAdmin) {
    // only a channel's admins configure it: someone who lost the rights cannot even subscribe it any more
    return replyText(ctx, t(locale, 'telegram.channel.not_admin', { title: target.channelTitle }));
  }
  const req: CommandRequest = {
    name: parsed.name,
    options: parsed.options,
    actor: actorOf(ctx, msg, target.isAdmin),
    channel: target.channel,
    locale,
    syntax: 'text',
  };
  if (parsed.name === 'opml import') {
    const loaded = await attachDocument(ctx, env, msg, req, locale);
    if (!loaded) return;
  }
  const res = await env.deps.router.handle(req);
  await sendResponse(ctx, res, { locale, channelTitle: target.channelTitle });
}

function actorOf(ctx: Context, msg: Message, isAdmin: boolean): CommandRequest['actor'] {
  const id = ctx.from?.id ?? msg.sender_chat?.id ?? msg.chat.id;
  const displayName = ctx.from
    ? [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' ')
    : msg.chat.title;
  return { platform: 'telegram', userId: String(id), isAdmin, displayName };
}

async function replyParseError(
  ctx: Context,
  parsed: Extract<ReturnType<typeof parseCommand>, { ok: false }>,
  locale: Lang,
): Promise<void> {
  if (parsed.reason === 'unknown_subcommand') {
    const subs = COMMANDS.filter((c) => c.name.startsWith(`${parsed.group} `)).map((c) => usage(c, locale));
    return replyText(ctx, t(locale, 'telegram.unknown_subcommand', { usage: `\n${subs.join('\n')}` }));
  }
  const spec = parsed.name ? findCommand(parsed.name) : undefined;
  if (parsed.reason === 'too_many_arguments' && spec) {
    const syntax = t(locale, 'command.usage', {
      usage: usageLine(spec, locale, 'text'),
      example: exampleLine(spec, locale, 'text'),
    });
    const text = t(locale, 'telegram.too_many_arguments', { detail: parsed.detail ?? '' });
    return replyText(ctx, `${text}\n${syntax}`);
  }
  return replyText(ctx, t(locale, 'command.unknown', { help: '/help' }));
}

/** OPML import: the document is the message itself (caption command) or the message replied to. */
async function attachDocument(
  ctx: Context,
  env: HandlerEnv,
  msg: Message,
  req: CommandRequest,
  locale: Lang,
) {
  const doc: Document | undefined = msg.document ?? msg.reply_to_message?.document;
  if (!doc) {
    await replyText(ctx, t(locale, 'telegram.opml.no_file'));
    return false;
  }
  if (!req.actor.isAdmin) return true; // the router refuses with command.admin_only; no download for non-admins
  try {
    req.attachment = await downloadDocument(ctx.api as Api, env.apiRoot, env.token, doc);
    return true;
  } catch (e) {
    const info = toErrorInfo(e);
    await replyText(ctx, t(locale, info.code, info.params ?? {}));
    return false;
  }
}
