/** help: what the bot does and every command of the table, localized; admin-only commands marked. */
import type { CommandResponse } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { type Ctx, replyLines } from '../context.js';
import { COMMANDS, type CommandSpec } from '../table.js';

function usage(c: CommandSpec): string {
  const opts = c.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return [c.name, ...opts].join(' ');
}

export async function helpHandler(ctx: Ctx): Promise<CommandResponse> {
  const lines = COMMANDS.map((c) => {
    const admin = c.adminOnly ? ` ${t(ctx.lang, 'cmd.help.admin_marker')}` : '';
    return `• ${usage(c)} — ${c.description[ctx.lang]}${admin}`;
  });
  lines.push('', t(ctx.lang, 'cmd.help.footer'));
  return replyLines(ctx, 'cmd.help.intro', {}, lines, { ephemeral: true });
}
