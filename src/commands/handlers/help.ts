/**
 * help: what the bot does and every command of the table, localized; admin-only commands marked. Only the caller
 * sees it where the platform can do that, so it is in the caller's language there, and names commands and
 * options as the caller's client shows them (`/abonnieren ziel:` on a German Discord client).
 */
import type { CommandResponse } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { type Ctx, replyLines } from '../context.js';
import { usageLine } from '../names.js';
import { COMMANDS } from '../table.js';

export async function helpHandler(ctx: Ctx): Promise<CommandResponse> {
  const lang = ctx.privateLang;
  const lines = COMMANDS.map((c) => {
    const admin = c.adminOnly ? ` ${t(lang, 'cmd.help.admin_marker')}` : '';
    return `• ${usageLine(c, lang, ctx.req.syntax)} — ${c.description[lang]}${admin}`;
  });
  lines.push('', t(lang, 'cmd.help.footer'));
  return replyLines({ lang }, 'cmd.help.intro', {}, lines, { ephemeral: true });
}
