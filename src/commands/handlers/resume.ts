/**
 * resume [subscription]: resume this channel's paused subscriptions (all, or one) after the bot may post again,
 * and release what they held while paused (sent if still within MAX_ITEM_AGE_HOURS, else recorded too old).
 */
import { resumeSubscriptions } from '../../delivery/pause.js';
import type { CommandResponse, Lang, Platform } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { getSubscription } from '../../store/subscriptions-repo.js';
import { type Ctx, fail, reply } from '../context.js';
import { optInt } from '../options.js';

/** How the resume command is written on this platform, in this language ("/resume", "/fortsetzen"). */
export function resumeCommand(lang: Lang, platform: Platform): string {
  return t(lang, `delivery.resume_command.${platform}`);
}

export async function resumeHandler(ctx: Ctx): Promise<CommandResponse> {
  const id = optInt(ctx.opts, 'subscription');
  if (id !== undefined) {
    const sub = await getSubscription(ctx.db, id);
    const here = ctx.req.channel;
    const same =
      sub &&
      sub.channel.platform === here.platform &&
      sub.channel.chatId === here.chatId &&
      (sub.channel.threadId ?? '') === (here.threadId ?? '');
    if (!same) return fail(ctx.privateLang, 'command.not_found', { what: `#${id}` });
  }
  const hours = ctx.deps.config.MAX_ITEM_AGE_HOURS;
  const r = await resumeSubscriptions(ctx.db, ctx.req.channel, {
    now: ctx.now,
    maxAgeMs: hours * 3_600_000,
    ...(id !== undefined ? { subscriptionId: id } : {}),
  });
  if (!r || r.resumed.length === 0) return reply(ctx, 'cmd.resume.none', {}, { ephemeral: true });
  return reply(ctx, 'cmd.resume.ok', {
    ids: r.resumed.map((n) => `#${n}`).join(', '),
    queued: r.queued,
    too_old: r.tooOld,
    hours,
  });
}
