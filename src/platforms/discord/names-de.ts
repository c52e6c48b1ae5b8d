/**
 * German slash-command and option names (Discord `name_localizations.de`). Interactions always carry the
 * default (English) names, so these only change what German users see and type.
 */
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
