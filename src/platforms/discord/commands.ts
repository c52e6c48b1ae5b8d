/**
 * Slash commands built from the core's command table (src/commands/table.ts): groups become commands with
 * subcommands, options are typed, German names and descriptions are localizations, admin commands carry
 * default_member_permissions Manage Server. Registration compares with what Discord has and only writes on change.
 */
import { PermissionFlagsBits, type REST, Routes } from 'discord.js';
import { COMMANDS, type CommandSpec, GROUPS, type OptionSpec } from '../../commands/table.js';
import type { Logger } from '../../log/index.js';
import { deName } from './names-de.js';

export const MANAGE_GUILD = PermissionFlagsBits.ManageGuild.toString();
export const MANAGE_CHANNELS = PermissionFlagsBits.ManageChannels.toString();

export interface BuildOptions {
  /** SUBSCRIBE_ALLOWED=everyone: subscribe/unsubscribe/resume are shown to every member. */
  subscribeOpen?: boolean;
}

const OPTION_TYPE = { string: 3, integer: 4, boolean: 5, attachment: 11 } as const;
const SUBCOMMAND = 1;

export interface OptionJson {
  type: number;
  name: string;
  name_localizations: { de: string };
  description: string;
  description_localizations: { de: string };
  required?: boolean;
  choices?: { name: string; name_localizations: { de: string }; value: string }[];
  min_value?: number;
  max_value?: number;
  max_length?: number;
  autocomplete?: boolean;
  options?: OptionJson[];
}

export interface CommandJson {
  type: 1;
  name: string;
  name_localizations: { de: string };
  description: string;
  description_localizations: { de: string };
  options: OptionJson[];
  default_member_permissions: string | null;
}

function optionJson(o: OptionSpec): OptionJson {
  const out: OptionJson = {
    type: OPTION_TYPE[o.type],
    name: o.name,
    name_localizations: { de: deName(o.name) },
    description: o.description.en,
    description_localizations: { de: o.description.de },
    required: o.required,
  };
  if (o.choices) {
    out.choices = o.choices.map((c) => ({
      name: c.label.en,
      name_localizations: { de: c.label.de },
      value: c.value,
    }));
  }
  if (o.min !== undefined) out.min_value = o.min;
  if (o.max !== undefined) out.max_value = o.max;
  if (o.maxLength !== undefined) out.max_length = o.maxLength;
  // feeds, topics and subscriptions are suggested while typing (answered by handleAutocomplete)
  if (o.complete && !o.choices) out.autocomplete = true;
  return out;
}

function subcommandJson(sub: string, c: CommandSpec): OptionJson {
  return {
    type: SUBCOMMAND,
    name: sub,
    name_localizations: { de: deName(sub) },
    description: c.description.en,
    description_localizations: { de: c.description.de },
    options: c.options.map(optionJson),
  };
}

/** Who sees a top-level command by default: Manage Server (admin), Manage Channels (subscription changes) or all. */
function defaultPermissions(c: CommandSpec, o: BuildOptions): string | null {
  if (c.adminOnly) return MANAGE_GUILD;
  if (c.subscriptionChange && !o.subscribeOpen) return MANAGE_CHANNELS;
  return null;
}

/** The full registration body, in table order. */
export function buildCommands(o: BuildOptions = {}): CommandJson[] {
  const out: CommandJson[] = [];
  const groups = new Map<string, CommandJson>();
  for (const c of COMMANDS) {
    const [top = c.name, sub] = c.name.split(' ');
    const group = GROUPS.find((g) => g.group === top);
    if (sub && group) {
      let cmd = groups.get(top);
      if (!cmd) {
        cmd = base(top, group.description.en, group.description.de, group.adminOnly);
        groups.set(top, cmd);
        out.push(cmd);
      }
      cmd.options.push(subcommandJson(sub, c));
    } else {
      const cmd = base(c.name, c.description.en, c.description.de, c.adminOnly);
      cmd.default_member_permissions = defaultPermissions(c, o);
      cmd.options = c.options.map(optionJson);
      out.push(cmd);
    }
  }
  return out;
}

function base(name: string, en: string, de: string, adminOnly: boolean): CommandJson {
  return {
    type: 1,
    name,
    name_localizations: { de: deName(name) },
    description: en,
    description_localizations: { de },
    options: [],
    default_member_permissions: adminOnly ? MANAGE_GUILD : null,
  };
}

/** A stable projection of a command (or option) for comparing with what Discord returns. */
function canonical(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (v === null || typeof v !== 'object') return v;
  const rec = v as Record<string, unknown>;
  const keep = key === 'choices' ? CHOICE_KEYS : OBJECT_KEYS;
  const out: Record<string, unknown> = {};
  for (const k of keep) {
    const value = rec[k];
    if (k === 'required' && !value) continue;
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[k] = k === 'choices' ? (value as unknown[]).map((c) => canonical(c, 'choices')) : canonical(value, k);
  }
  return out;
}
const OBJECT_KEYS = [
  'type',
  'name',
  'name_localizations',
  'description',
  'description_localizations',
  'required',
  'choices',
  'min_value',
  'max_value',
  'max_length',
  'autocomplete',
  'options',
  'default_member_permissions',
  'de',
];
const CHOICE_KEYS = ['name', 'name_localizations', 'value', 'de'];

export function sameCommands(existing: unknown[], wanted: CommandJson[]): boolean {
  const norm = (list: unknown[]) =>
    JSON.stringify(
      list
        .map((c) => canonical(c))
        .sort((a, b) =>
          String((a as { name: string }).name).localeCompare(String((b as { name: string }).name)),
        ),
    );
  return norm(existing) === norm(wanted);
}

/** Register the commands (guild when guildId is set, else global); writes only when they differ. */
export async function registerCommands(
  rest: REST,
  appId: string,
  guildId: string | undefined,
  log: Logger,
  o: BuildOptions = {},
): Promise<'unchanged' | 'updated'> {
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const wanted = buildCommands(o);
  const existing = (await rest.get(route, {
    query: new URLSearchParams({ with_localizations: 'true' }),
  })) as unknown[];
  if (Array.isArray(existing) && sameCommands(existing, wanted)) {
    log.info({ scope: guildId ? 'guild' : 'global', count: wanted.length }, 'discord commands unchanged');
    return 'unchanged';
  }
  await rest.put(route, { body: wanted });
  log.info({ scope: guildId ? 'guild' : 'global', count: wanted.length }, 'discord commands registered');
  return 'updated';
}
