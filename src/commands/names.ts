/**
 * German command and option names: Discord's `name_localizations.de` (interactions always carry the default
 * English names, so these only change what German users see and type), German placeholders and option names on
 * Telegram (`ziel=…` is accepted as `target=…`), and how answers name commands and options for each platform.
 */
import type { CommandSyntax, Lang } from '../domain/types.js';
import type { CommandSpec, OptionSpec } from './table.js';

export const DE_NAMES: Record<string, string> = {
  // commands and groups
  subscribe: 'abonnieren',
  unsubscribe: 'abbestellen',
  list: 'liste',
  summary: 'zusammenfassung',
  settings: 'einstellungen',
  digest: 'digest',
  why: 'warum',
  help: 'hilfe',
  resume: 'fortsetzen',
  feeds: 'feeds',
  opml: 'opml',
  // subcommands
  add: 'hinzufügen',
  remove: 'entfernen',
  status: 'status',
  test: 'testen',
  import: 'importieren',
  export: 'exportieren',
  now: 'jetzt',
  // options
  target: 'ziel',
  mode: 'modus',
  language: 'sprache',
  count: 'anzahl',
  subscription: 'abo',
  schedule: 'zeitplan',
  timezone: 'zeitzone',
  include: 'enthält',
  exclude: 'ohne',
  regex: 'muster',
  max_items: 'max_beiträge',
  url: 'url',
  name: 'name',
  tags: 'themen',
  feed: 'feed',
  file: 'datei',
};

export function deName(name: string): string {
  return DE_NAMES[name] ?? name;
}

/**
 * An option (or command word) as the user's client shows it: `ziel` for German users of Discord and Telegram,
 * `target` otherwise (the console takes the English names only).
 */
export function optionLabel(lang: Lang, name: string, syntax: CommandSyntax | undefined): string {
  return lang === 'de' && syntax !== undefined ? deName(name) : name;
}

/** The option a user typed by its English or German name (case-insensitive). */
export function findOptionByName(options: OptionSpec[], word: string): OptionSpec | undefined {
  const w = word.toLowerCase();
  return options.find((o) => o.name === w || deName(o.name) === w);
}

/**
 * A command as the user types it: `/abonnieren` (Discord, German client), `/feeds add` (Telegram),
 * `subscribe` (console, no syntax).
 */
export function commandLabel(lang: Lang, name: string, syntax: CommandSyntax | undefined): string {
  if (syntax === 'slash')
    return `/${name
      .split(' ')
      .map((w) => optionLabel(lang, w, syntax))
      .join(' ')}`;
  return syntax === 'text' ? `/${name}` : name;
}

function argLabel(lang: Lang, o: OptionSpec, syntax: CommandSyntax | undefined): string {
  const n = optionLabel(lang, o.name, syntax);
  if (syntax === 'slash') return o.required ? `${n}:` : `[${n}:]`;
  return o.required ? `<${n}>` : `[${n}]`;
}

/** `/abonnieren ziel: [modus:] [sprache:]`, `/subscribe <ziel> [modus] [sprache]`, `subscribe <target> …`. */
export function usageLine(spec: CommandSpec, lang: Lang, syntax: CommandSyntax | undefined): string {
  const opts = spec.options.filter((o) => syntax !== 'text' || o.type !== 'attachment');
  return [commandLabel(lang, spec.name, syntax), ...opts.map((o) => argLabel(lang, o, syntax))].join(' ');
}

/** Example values by option name (or `command.option`); the user's language decides the words. */
const EXAMPLES: Record<string, Record<Lang, string>> = {
  target: { en: 'politics', de: 'politik' },
  'summary.target': { en: 'latest', de: 'latest' },
  'unsubscribe.target': { en: '2', de: '2' },
  mode: { en: 'digest', de: 'digest' },
  language: { en: 'en', de: 'de' },
  count: { en: '3', de: '3' },
  subscription: { en: '2', de: '2' },
  schedule: { en: '0 7 * * *', de: '0 7 * * *' },
  timezone: { en: 'Europe/London', de: 'Europe/Berlin' },
  include: { en: 'rail, strike', de: 'Bahn, Streik' },
  exclude: { en: 'football', de: 'Fußball' },
  regex: { en: 'budget|tax', de: 'Haushalt|Steuer' },
  max_items: { en: '10', de: '10' },
  url: { en: 'https://example.org/feed.xml', de: 'https://example.org/feed.xml' },
  name: { en: 'City News', de: 'Stadtnachrichten' },
  tags: { en: 'local, politics', de: 'regional, politik' },
  feed: { en: '2', de: '2' },
};

/**
 * One example call: the required options, or (when none is required) one optional: a choice if there is one.
 * `/einstellungen sprache:en`, `/settings language en`, `settings language=en`.
 */
export function exampleLine(spec: CommandSpec, lang: Lang, syntax: CommandSyntax | undefined): string {
  const valued = spec.options.filter((o) => o.type !== 'attachment');
  const required = valued.filter((o) => o.required);
  const optional = valued.find((o) => o.choices) ?? valued[0];
  const shown = required.length > 0 ? required : optional ? [optional] : [];
  const parts = shown.map((o) => {
    const raw =
      (EXAMPLES[`${spec.name}.${o.name}`] ?? EXAMPLES[o.name])?.[lang] ?? o.choices?.[0]?.value ?? '1';
    const quoted = syntax !== 'slash' && /\s/.test(raw) ? `"${raw}"` : raw;
    const n = optionLabel(lang, o.name, syntax);
    if (syntax === 'slash') return `${n}:${raw}`;
    return o.required ? quoted : syntax === 'text' ? `${n} ${quoted}` : `${n}=${quoted}`;
  });
  return [commandLabel(lang, spec.name, syntax), ...parts].join(' ');
}

/** A command with its required options only: the hint in "nothing here yet" answers. */
export function briefUsage(spec: CommandSpec, lang: Lang, syntax: CommandSyntax | undefined): string {
  return usageLine({ ...spec, options: spec.options.filter((o) => o.required) }, lang, syntax);
}

/** A call with given values: `/abonnieren ziel:2`, `/subscribe 2`, `subscribe 2`. */
export function callLine(
  lang: Lang,
  name: string,
  syntax: CommandSyntax | undefined,
  args: [option: string, value: string | number][],
): string {
  const parts = args.map(([o, v]) =>
    syntax === 'slash' ? `${optionLabel(lang, o, syntax)}:${v}` : String(v),
  );
  return [commandLabel(lang, name, syntax), ...parts].join(' ');
}
