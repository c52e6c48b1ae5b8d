/**
 * The command router: table lookup, admin refusal, option validation, rate limits on expensive commands,
 * then one handler per command. Expected failures come back as localized error responses; nothing throws out.
 */
import { type ErrorCode, isAppError, toErrorInfo } from '../domain/errors.js';
import type { CommandRequest, CommandResponse, Lang } from '../domain/types.js';
import { t } from '../i18n/index.js';
import { getChannel } from '../store/subscriptions-repo.js';
import { type Choice, type CompleteRequest, completeOption } from './complete.js';
import { type Ctx, fail } from './context.js';
import type { CommandDeps, CommandRouter } from './deps.js';
import { HANDLERS } from './handlers/index.js';
import { commandLabel, exampleLine, optionLabel, usageLine } from './names.js';
import { parseOptions } from './options.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { type CommandSpec, findCommand } from './table.js';

export type { CommandRouter } from './deps.js';

export const RATE_WINDOW_MS = 10 * 60_000;

/** The chat's language when the chat is known, else the caller's locale. */
async function answerLanguage(deps: CommandDeps, req: CommandRequest): Promise<Lang> {
  try {
    const ch = await getChannel(deps.store.db, req.channel);
    return ch?.language ?? req.locale;
  } catch {
    return req.locale;
  }
}

function rateCheck(
  limiter: RateLimiter,
  req: CommandRequest,
  lang: Lang,
  now: number,
): CommandResponse | undefined {
  const ch = req.channel;
  const r = limiter.take(`${req.actor.platform}:${req.actor.userId}`, `${ch.platform}:${ch.chatId}`, now);
  if (r.allowed) return undefined;
  return fail(lang, 'command.rate_limited', { seconds: Math.max(1, Math.ceil(r.retryAfterMs / 1000)) });
}

/**
 * An option error with the option named as the user's client shows it, then the command's syntax and an example:
 * "Option fehlt: ziel" + "Aufruf: /abonnieren ziel: [modus:] [sprache:]" + "Beispiel: /abonnieren ziel:politik".
 */
function optionError(
  spec: CommandSpec,
  req: CommandRequest,
  lang: Lang,
  code: ErrorCode,
  params: Record<string, string | number> = {},
): CommandResponse {
  const named =
    typeof params.option === 'string'
      ? { ...params, option: optionLabel(lang, params.option, req.syntax) }
      : params;
  const res = fail(lang, code, named);
  const usage = t(lang, 'command.usage', {
    usage: usageLine(spec, lang, req.syntax),
    example: exampleLine(spec, lang, req.syntax),
  });
  return { ...res, text: `${res.text}\n${usage}` };
}

/** Reading (summary, digest now) and configuring (feeds add/test, opml import) have budgets of their own. */
function budgets(deps: CommandDeps): Record<'read' | 'configure', RateLimiter> {
  const c = deps.config;
  return {
    read: createRateLimiter({
      perUser: c.SUMMARY_RATE_PER_USER,
      perChat: c.SUMMARY_RATE_PER_CHAT,
      windowMs: RATE_WINDOW_MS,
    }),
    configure: createRateLimiter({
      perUser: c.CONFIGURE_RATE_PER_USER,
      perChat: c.CONFIGURE_RATE_PER_CHAT,
      windowMs: RATE_WINDOW_MS,
    }),
  };
}

export function createCommandRouter(deps: CommandDeps): CommandRouter {
  const clock = deps.clock ?? Date.now;
  const limiters = budgets(deps);
  const log = deps.log.child({ component: 'commands' });

  async function handle(req: CommandRequest): Promise<CommandResponse> {
    const lang = await answerLanguage(deps, req);
    // what only the caller sees is in the caller's language where the platform can show it to them alone
    const privateLang = req.privateAnswers ? req.locale : lang;
    const name = String(req.name).trim().toLowerCase().replace(/\s+/g, ' ');
    const spec = findCommand(name);
    const handler = HANDLERS[name];
    if (!spec || !handler)
      return fail(privateLang, 'command.unknown', {
        name: name.slice(0, 50),
        help: commandLabel(privateLang, 'help', req.syntax),
      });
    if (spec.adminOnly && !req.actor.isAdmin) return fail(privateLang, 'command.admin_only');
    const opts = parseOptions(spec, req);
    if (!opts.ok) return optionError(spec, req, privateLang, opts.error.code, opts.error.params);
    const now = clock();
    if (spec.expensive) {
      const limited = rateCheck(limiters[spec.budget ?? 'read'], req, privateLang, now);
      if (limited) return limited;
    }
    const ctx: Ctx = {
      deps,
      db: deps.store.db,
      req: { ...req, name },
      lang,
      privateLang,
      opts: opts.value,
      now,
    };
    try {
      return await handler(ctx);
    } catch (e) {
      const info = toErrorInfo(e);
      if (isAppError(e)) log.info({ command: name, code: info.code, detail: info.detail }, 'command refused');
      else log.error({ command: name, err: e }, 'command failed');
      // the detail of an unexpected error stays in the log: it may carry internals
      return fail(privateLang, info.code, info.params ?? {}, isAppError(e) ? info.detail : undefined);
    }
  }

  async function complete(req: CompleteRequest): Promise<Choice[]> {
    try {
      return await completeOption(deps.store.db, req);
    } catch (e) {
      log.warn({ command: req.name, option: req.option, err: e }, 'autocomplete failed');
      return [];
    }
  }

  return { handle, complete };
}
