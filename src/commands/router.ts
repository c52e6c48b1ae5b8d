/**
 * The command router: table lookup, admin refusal, option validation, rate limits on expensive commands,
 * then one handler per command. Expected failures come back as localized error responses; nothing throws out.
 */
import { type ErrorCode, isAppError, toErrorInfo } from '../domain/errors.js';
import type { CommandRequest, CommandResponse, Lang } from '../domain/types.js';
import { getChannel } from '../store/channels-repo.js';
import { type Choice, type CompleteRequest, completeOption } from './complete.js';
import { type Ctx, fail, manageOnly, usageText } from './context.js';
import type { CommandDeps, CommandRouter } from './deps.js';
import { HANDLERS } from './handlers/index.js';
import { commandLabel, optionLabel } from './names.js';
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

/** May the actor change what this channel receives (subscribe, unsubscribe, resume, settings changes)? */
export function canChangeSubscriptions(
  config: Pick<CommandDeps['config'], 'SUBSCRIBE_ALLOWED'>,
  req: CommandRequest,
) {
  return config.SUBSCRIBE_ALLOWED === 'everyone' || (req.actor.canManage ?? req.actor.isAdmin);
}

/**
 * The refusal code for a command the actor may not run, decided before anything else (the Discord adapter asks
 * first, so a refusal is answered privately at once instead of after a public "thinking…").
 */
export function permissionRefusal(
  config: Pick<CommandDeps['config'], 'SUBSCRIBE_ALLOWED'>,
  req: CommandRequest,
): ErrorCode | undefined {
  const spec = findCommand(normalName(req.name));
  if (!spec) return undefined;
  if (spec.adminOnly && !req.actor.isAdmin) return 'command.admin_only';
  if (spec.subscriptionChange && !canChangeSubscriptions(config, req)) return 'command.manage_only';
  return undefined;
}

const normalName = (name: string) => String(name).trim().toLowerCase().replace(/\s+/g, ' ');

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
  return { ...res, text: `${res.text}\n${usageText({ req }, lang, spec.name)}` };
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

  /** Lookup, permission and options: the answer when the command cannot run, else what it runs with. */
  function admit(req: CommandRequest, privateLang: Lang) {
    const name = normalName(req.name);
    const spec = findCommand(name);
    const handler = HANDLERS[name];
    if (!spec || !handler)
      return {
        refusal: fail(privateLang, 'command.unknown', {
          name: name.slice(0, 50),
          help: commandLabel(privateLang, 'help', req.syntax),
        }),
      };
    const refused = permissionRefusal(deps.config, req);
    if (refused === 'command.manage_only') return { refusal: manageOnly(privateLang, req.channel.platform) };
    if (refused) return { refusal: fail(privateLang, refused) };
    const opts = parseOptions(spec, req);
    if (!opts.ok) return { refusal: optionError(spec, req, privateLang, opts.error.code, opts.error.params) };
    return { name, spec, handler, opts };
  }

  /** What only the caller sees is in the caller's language where the platform can show it to them alone. */
  const privateLanguage = (req: CommandRequest, lang: Lang): Lang => (req.privateAnswers ? req.locale : lang);

  async function preflight(req: CommandRequest): Promise<CommandResponse | undefined> {
    return admit(req, privateLanguage(req, await answerLanguage(deps, req))).refusal;
  }

  async function handle(req: CommandRequest): Promise<CommandResponse> {
    const lang = await answerLanguage(deps, req);
    const privateLang = privateLanguage(req, lang);
    const a = admit(req, privateLang);
    if (a.refusal) return a.refusal;
    const { name, spec, handler, opts } = a;
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

  return { handle, preflight, complete };
}
