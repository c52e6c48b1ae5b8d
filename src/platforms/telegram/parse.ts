/**
 * Telegram command text → command table name + options. Telegram commands are single words, so a group
 * command is written `/feeds add <url> [name]`. An option is given as `name value`, `name=value` or
 * `name:value` (English or German option name: `language en`, `sprache=en`), or positionally: a value that can
 * only be one option's (a language, a mode, a five-field cron schedule, a timezone) goes to that option, other
 * values fill the remaining options in the table's order. Double quotes group words ("Mein Feed"). Values are
 * converted to the option's type when possible; anything else is passed on as text for the router to reject
 * with a stable code (and the command's syntax).
 */
import { checkSchedule, checkTimezone } from '../../commands/validate.js';
import { findOptionByName, usageLine } from '../../commands/names.js';
import { COMMANDS, type CommandSpec, GROUPS, type OptionSpec } from '../../commands/table.js';
import type { Lang, OptionValue } from '../../domain/types.js';

export type ParsedCommand =
  | { ok: true; name: string; options: Record<string, OptionValue | undefined> }
  | {
      ok: false;
      reason: 'unknown_command' | 'unknown_subcommand' | 'too_many_arguments';
      group?: string;
      /** The command the arguments were for (too_many_arguments). */
      name?: string;
      detail?: string;
    };

/** Split on whitespace, keeping "quoted words" together (quotes removed; also after `name=` / `name:`). */
export function tokenize(input: string): string[] {
  const out: string[] = [];
  const re = /([\p{L}_]+[=:])?"([^"]*)"|(\S+)/gu;
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

type Options = Record<string, OptionValue | undefined>;

/** The choice a token names: its value or a one-word label in either language ("en", "English", "Deutsch"). */
function choiceOf(o: OptionSpec, token: string): string | undefined {
  const w = token.toLowerCase();
  return o.choices?.find(
    (c) => c.value === w || c.label.en.toLowerCase() === w || c.label.de.toLowerCase() === w,
  )?.value;
}

/** Five tokens from `i` that form a cron schedule ("0 7 * * *" typed without quotes), joined. */
function cronAt(tokens: string[], i: number): string | undefined {
  const five = tokens.slice(i, i + 5);
  if (five.length < 5 || !five.slice(1).some((t) => /[*/-]/.test(t))) return undefined;
  const r = checkSchedule(five.join(' '));
  return r.ok ? r.value : undefined;
}

const looksLikeTimezone = (token: string) => /^[A-Za-z]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?$/.test(token);

/**
 * The option that the value at `i` can only belong to, and how many tokens it takes: a choice of exactly one
 * unset option, a cron schedule, or a timezone. Undefined when the value could be anything.
 */
function unambiguous(spec: CommandSpec, options: Options, tokens: string[], i: number) {
  const free = spec.options.filter((o) => !(o.name in options));
  const token = tokens[i] ?? '';
  const byChoice = free.filter((o) => choiceOf(o, token) !== undefined);
  if (byChoice.length === 1 && byChoice[0])
    return { opt: byChoice[0], value: choiceOf(byChoice[0], token), take: 1 };
  const schedule = free.find((o) => o.name === 'schedule');
  const cron = schedule ? cronAt(tokens, i) : undefined;
  if (schedule && cron) return { opt: schedule, value: cron, take: 5 };
  const tz = free.find((o) => o.name === 'timezone');
  if (tz && looksLikeTimezone(token) && checkTimezone(token).ok) return { opt: tz, value: token, take: 1 };
  return undefined;
}

/** The value of a named option at `i` (a cron schedule may span five unquoted tokens). */
function namedValue(opt: OptionSpec, tokens: string[], i: number): { value: OptionValue; take: number } {
  const cron = opt.name === 'schedule' ? cronAt(tokens, i) : undefined;
  if (cron) return { value: cron, take: 5 };
  const raw = tokens[i] ?? '';
  return { value: choiceOf(opt, raw) ?? convert(opt, raw), take: 1 };
}

function mapOptions(spec: CommandSpec, tokens: string[]): ParsedCommand {
  const options: Options = {};
  const positional = spec.options.filter((o) => o.type !== 'attachment');
  const extras: string[] = [];
  let last: OptionSpec | undefined;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    // name=value / name:value
    const named = /^([\p{L}_]+)[=:](.*)$/su.exec(token);
    const opt = named?.[1] ? findOptionByName(positional, named[1]) : undefined;
    if (named && opt && !(opt.name in options)) {
      const v = namedValue(opt, [named[2] ?? '', ...tokens.slice(i + 1)], 0);
      options[opt.name] = v.value;
      i += v.take - 1;
      last = opt;
      continue;
    }
    // name value
    const word = findOptionByName(positional, token);
    if (word && !(word.name in options) && i + 1 < tokens.length) {
      const v = namedValue(word, tokens, i + 1);
      options[word.name] = v.value;
      i += v.take;
      last = word;
      continue;
    }
    // a value that can only be one option's
    const only = unambiguous(spec, options, tokens, i);
    if (only) {
      options[only.opt.name] = only.value;
      i += only.take - 1;
      last = only.opt;
      continue;
    }
    // free text continues while the next option in order expects a choice the token is not
    const nextInOrder = positional.find((o) => !(o.name in options));
    if (last && isFreeText(last) && nextInOrder?.choices) {
      options[last.name] = `${options[last.name]} ${token}`;
      continue;
    }
    const next = positional.find((o) => !(o.name in options) && !o.choices);
    if (next) {
      options[next.name] = convert(next, token);
      last = next;
    } else extras.push(token);
  }
  if (extras.length === 0) return { ok: true, name: spec.name, options };
  if (last && isFreeText(last)) {
    options[last.name] = [options[last.name], ...extras].join(' ');
    return { ok: true, name: spec.name, options };
  }
  return { ok: false, reason: 'too_many_arguments', name: spec.name, detail: extras.join(' ') };
}

const isFreeText = (o: OptionSpec) => o.type === 'string' && !o.choices;

function convert(opt: OptionSpec, raw: string): OptionValue {
  if (opt.type === 'integer' && /^[+-]?\d+$/.test(raw)) return Number(raw);
  if (opt.type === 'boolean') {
    const v = raw.toLowerCase();
    if (['true', 'yes', 'ja', 'on', '1'].includes(v)) return true;
    if (['false', 'no', 'nein', 'off', '0'].includes(v)) return false;
  }
  return raw;
}

/** Usage line in Telegram syntax and the user's language: `/feeds add <url> [name] [sprache] [themen]`. */
export function usage(spec: CommandSpec, lang: Lang = 'en'): string {
  return usageLine(spec, lang, 'text');
}
