/**
 * The command menu (setMyCommands) and the /start and /help text, both built from the core's command table.
 * Same command words in every language; only descriptions are translated. Admin-only groups are listed in
 * private chats and for chat administrators, not for every group member.
 */
import type { BotCommand, BotCommandScope } from 'grammy/types';
import { COMMANDS, GROUPS } from '../../commands/table.js';
import type { Lang } from '../../domain/types.js';
import { type MessageKey, t } from '../../i18n/index.js';
import { usage } from './parse.js';

const LANGS: Lang[] = ['en', 'de'];

/** Commands the adapter handles itself (not in the core table). */
const LOCAL: { command: string; key: MessageKey }[] = [
  { command: 'start', key: 'telegram.cmd.start' },
  { command: 'channel', key: 'telegram.cmd.channel' },
];

export function menuFor(
  lang: Lang,
  admins: boolean,
  privateChat: boolean,
  subscribeOpen = false,
): BotCommand[] {
  const top = COMMANDS.filter(
    (c) => !c.name.includes(' ') && (admins || (!c.adminOnly && (subscribeOpen || !c.subscriptionChange))),
  );
  const groups = GROUPS.filter((g) => admins || !g.adminOnly);
  const local = LOCAL.filter((l) => privateChat || l.command !== 'channel');
  return [
    ...local.map((l) => ({ command: l.command, description: t(lang, l.key) })),
    ...top.map((c) => ({ command: c.name, description: c.description[lang].slice(0, 256) })),
    ...groups.map((g) => ({ command: g.group, description: g.description[lang].slice(0, 256) })),
  ];
}

export interface MenuEntry {
  scope: BotCommandScope;
  language_code?: Lang;
  commands: BotCommand[];
}

/**
 * Every (scope, language) pair the bot registers: English is the fallback (no language_code), German explicit.
 * Group members see subscribe/unsubscribe/resume only when SUBSCRIBE_ALLOWED=everyone (`subscribeOpen`).
 */
export function menuEntries(subscribeOpen = false): MenuEntry[] {
  const scopes: { scope: BotCommandScope; admins: boolean; priv: boolean }[] = [
    { scope: { type: 'all_private_chats' }, admins: true, priv: true },
    { scope: { type: 'all_group_chats' }, admins: false, priv: false },
    { scope: { type: 'all_chat_administrators' }, admins: true, priv: false },
  ];
  const out: MenuEntry[] = [];
  for (const s of scopes) {
    for (const lang of LANGS) {
      const commands = menuFor(lang, s.admins, s.priv, subscribeOpen);
      out.push(
        lang === 'en' ? { scope: s.scope, commands } : { scope: s.scope, language_code: lang, commands },
      );
    }
  }
  return out;
}

/** The /start and /help text in the user's language: what the bot does, then every command with its syntax. */
export function helpText(lang: Lang): string {
  const lines = [t(lang, 'telegram.help.intro'), '', t(lang, 'telegram.help.commands')];
  for (const c of COMMANDS) lines.push(`${usage(c, lang)} — ${c.description[lang]}`);
  lines.push(`/channel @name — ${t(lang, 'telegram.cmd.channel')}`);
  lines.push('', t(lang, 'telegram.help.syntax'), t(lang, 'telegram.help.channels'));
  return lines.join('\n');
}
