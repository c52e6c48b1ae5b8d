/** What a handler gets, and the helpers that build localized responses from catalog keys. */
import type { Kysely } from 'kysely';
import { AppError, type ErrorCode } from '../domain/errors.js';
import type { CommandRequest, CommandResponse, Lang } from '../domain/types.js';
import { type MessageKey, t } from '../i18n/index.js';
import type { Database } from '../store/schema.js';
import type { CommandDeps } from './deps.js';
import { briefUsage, exampleLine, usageLine } from './names.js';
import type { ParsedOptions } from './options.js';
import { findCommand } from './table.js';

export interface Ctx {
  deps: CommandDeps;
  db: Kysely<Database>;
  req: CommandRequest;
  /** The language answers are written in: the chat's language, else the request's locale. */
  lang: Lang;
  /** The language of answers only the caller sees (errors, help): the caller's locale where the platform shows
   * them privately (Discord ephemeral), else `lang`. */
  privateLang: Lang;
  opts: ParsedOptions;
  now: number;
}

export type Handler = (ctx: Ctx) => Promise<CommandResponse>;
type Params = Record<string, string | number>;

/** A success answer: the localized text of `key`. */
export function reply(
  ctx: Pick<Ctx, 'lang'>,
  key: MessageKey,
  params: Params = {},
  extra: Partial<CommandResponse> = {},
): CommandResponse {
  return { text: t(ctx.lang, key, params), key, params, ...extra };
}

/** An answer made of several localized lines (header + items). */
export function replyLines(
  ctx: Pick<Ctx, 'lang'>,
  key: MessageKey,
  params: Params,
  lines: string[],
  extra: Partial<CommandResponse> = {},
): CommandResponse {
  return { text: [t(ctx.lang, key, params), ...lines].join('\n'), key, params, ...extra };
}

/** An error answer: localized by its code, shown only to the caller where the platform can. */
export function fail(lang: Lang, code: ErrorCode, params: Params = {}, detail?: string): CommandResponse {
  return {
    text: t(lang, code, params),
    key: code,
    params,
    error: { code, params, ...(detail ? { detail } : {}) },
    ephemeral: true,
  };
}

/**
 * The refusal to change what a channel receives, naming the right as the platform calls it: Manage Channels on
 * Discord, chat admin elsewhere (Telegram groups and channels). The error code stays `command.manage_only`.
 */
export function manageOnly(lang: Lang, platform: string): CommandResponse {
  const res = fail(lang, 'command.manage_only');
  if (platform === 'discord') return res;
  const key = 'command.manage_only_chat_admins';
  return { ...res, text: t(lang, key), key };
}

/** Throw an expected failure from deep inside a handler; the router turns it into `fail(...)`. */
export function refuse(code: ErrorCode, params: Params = {}, detail?: string): never {
  throw new AppError(code, detail, params);
}

/** A command's required syntax as the caller writes it, for hints: "/abonnieren ziel:", "/feeds add <url>". */
export function usageHint(ctx: Pick<Ctx, 'req'>, lang: Lang, name: string): string {
  const spec = findCommand(name);
  return spec ? briefUsage(spec, lang, ctx.req.syntax) : name;
}

/** "Usage: … / Example: …" for a command, as the caller writes it (shown after an error in its arguments). */
export function usageText(ctx: Pick<Ctx, 'req'>, lang: Lang, name: string): string {
  const spec = findCommand(name);
  if (!spec) return '';
  const { syntax } = ctx.req;
  return t(lang, 'command.usage', {
    usage: usageLine(spec, lang, syntax),
    example: exampleLine(spec, lang, syntax),
  });
}

/** The chat key of the caller's channel (caps and chat_feeds are per chat, across threads). */
export function chatOf(ctx: Ctx): { platform: string; chatId: string } {
  return { platform: ctx.req.channel.platform, chatId: ctx.req.channel.chatId };
}
