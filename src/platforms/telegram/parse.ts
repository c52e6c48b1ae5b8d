/**
 * Telegram command text → command table name + options. Telegram commands are single words, so a group
 * command is written `/feeds add <url> [name]`. Arguments are positional (in the table's option order) or
 * `name=value`; double quotes group words ("Mein Feed"). Values are converted to the option's type when
 * possible; anything else is passed on as text for the router to reject with a stable code.
 */
import { COMMANDS, type CommandSpec, GROUPS, type OptionSpec } from '../../commands/table.js';
import type { OptionValue } from '../../domain/types.js';

export type ParsedCommand =
  | { ok: true; name: string; options: Record<string, OptionValue | undefined> }
  | {
      ok: false;
      reason: 'unknown_command' | 'unknown_subcommand' | 'too_many_arguments';
      group?: string;
      detail?: string;
    };

/** Split on whitespace, keeping "quoted words" together (quotes removed). */
export function tokenize(input: string): string[] {
  const out: string[] = [];
  const re = /(\w+=)?"([^"]*)"|(\S+)/g;
  for (const m of input.matchAll(re)) out.push(m[3] ?? `${m[1] ?? ''}${m[2] ?? ''}`);
  return out;
}

/** The single-word Telegram commands: top-level table commands and groups. */
export function telegramCommandNames(): string[] {
  const top = COMMANDS.filter((c) => !c.name.includes(' ')).map((c) => c.name);
  return [...top, ...GROUPS.map((g) => g.group)];
}

export function parseCommand(command: string, args: string): ParsedCommand {
  const word = command.toLowerCase();
  let tokens = tokenize(args);
  let spec = COMMANDS.find((c) => c.name === word);
  if (!spec) {
    if (!GROUPS.some((g) => g.group === word)) return { ok: false, reason: 'unknown_command' };
    const sub = tokens[0]?.toLowerCase();
    spec = COMMANDS.find((c) => c.name === `${word} ${sub}`);
    if (!spec) return { ok: false, reason: 'unknown_subcommand', group: word, detail: sub };
    tokens = tokens.slice(1);
  }
  return mapOptions(spec, tokens);
}

function mapOptions(spec: CommandSpec, tokens: string[]): ParsedCommand {
  const options: Record<string, OptionValue | undefined> = {};
  const positional = spec.options.filter((o) => o.type !== 'attachment');
  const extras: string[] = [];
  let last: OptionSpec | undefined;
  for (const token of tokens) {
    const named = /^([a-z_]+)=(.*)$/s.exec(token);
    const opt = named ? spec.options.find((o) => o.name === named[1]) : undefined;
    if (named && opt) {
      options[opt.name] = convert(opt, named[2] ?? '');
      continue;
    }
    const next = positional.find((o) => !(o.name in options));
    if (next && last && isFreeText(last) && next.choices && !isChoice(next, token)) {
      options[last.name] = `${options[last.name]} ${token}`;
    } else if (next) {
      options[next.name] = convert(next, token);
      last = next;
    } else extras.push(token);
  }
  if (extras.length === 0) return { ok: true, name: spec.name, options };
  if (last && isFreeText(last)) {
    options[last.name] = [options[last.name], ...extras].join(' ');
    return { ok: true, name: spec.name, options };
  }
  return { ok: false, reason: 'too_many_arguments', detail: extras.join(' ') };
}

const isFreeText = (o: OptionSpec) => o.type === 'string' && !o.choices;
const isChoice = (o: OptionSpec, token: string) =>
  o.choices?.some((c) => c.value === token.toLowerCase()) ?? false;

function convert(opt: OptionSpec, raw: string): OptionValue {
  if (opt.type === 'integer' && /^-?\d+$/.test(raw)) return Number(raw);
  if (opt.type === 'boolean') {
    const v = raw.toLowerCase();
    if (['true', 'yes', 'ja', 'on', '1'].includes(v)) return true;
    if (['false', 'no', 'nein', 'off', '0'].includes(v)) return false;
  }
  return raw;
}

/** Usage line for a command in Telegram syntax, e.g. `/feeds add <url> [name] [language] [tags]`. */
export function usage(spec: CommandSpec): string {
  const args = spec.options
    .filter((o) => o.type !== 'attachment')
    .map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return [`/${spec.name}`, ...args].join(' ');
}
