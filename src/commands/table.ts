/**
 * The command table: the single source the platform adapters register from (Discord slash commands,
 * Telegram setMyCommands) and the router dispatches by. Names are the `CommandRequest.name` values:
 * a top-level command ('subscribe') or group + subcommand ('feeds add').
 */
import type { Lang } from '../domain/types.js';

export type Localized = Record<Lang, string>;

export interface OptionSpec {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'attachment';
  required: boolean;
  description: Localized;
  choices?: { value: string; label: Localized }[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** Suggest values while the user types (Discord autocomplete): feeds, subscription targets or subscriptions. */
  complete?: 'feed' | 'target' | 'subscription';
}

export interface CommandSpec {
  /** 'subscribe', or 'feeds add' for a subcommand of group 'feeds'. */
  name: string;
  description: Localized;
  options: OptionSpec[];
  /** Only chat admins (the adapter decides isAdmin). */
  adminOnly: boolean;
  /**
   * Changes what the channel receives (subscribe, unsubscribe, resume): needs Manage Channels on Discord or chat
   * admin on Telegram (the adapter decides actor.canManage), unless SUBSCRIBE_ALLOWED=everyone.
   */
  subscriptionChange?: boolean;
  /** The answer is only for the caller (Discord: ephemeral, so a deferral must be ephemeral too). */
  privateAnswer?: boolean;
  /** Expensive: rate-limited per user and per chat. */
  expensive: boolean;
  /** Which budget an expensive command spends: reading (default) or configuring; one never starves the other. */
  budget?: 'read' | 'configure';
}

export interface GroupSpec {
  group: string;
  description: Localized;
  adminOnly: boolean;
}

const L = (en: string, de: string): Localized => ({ en, de });

const langChoices = [
  { value: 'de', label: L('German', 'Deutsch') },
  { value: 'en', label: L('English', 'Englisch') },
];
const modeChoices = [
  { value: 'instant', label: L('Instant', 'Sofort') },
  { value: 'digest', label: L('Scheduled digest', 'Geplante Zusammenfassung') },
];

const feedOption = (required: boolean): OptionSpec => ({
  name: 'feed',
  type: 'string',
  required,
  description: L('Feed URL, name or id', 'Feed-URL, -Name oder -ID'),
  maxLength: 2048,
  complete: 'feed',
});

export const GROUPS: GroupSpec[] = [
  {
    group: 'feeds',
    description: L('Manage this chat’s feeds (admins)', 'Feeds dieses Chats verwalten (Admins)'),
    adminOnly: true,
  },
  {
    group: 'opml',
    description: L(
      'Import or export feeds as OPML (admins)',
      'Feeds als OPML importieren oder exportieren (Admins)',
    ),
    adminOnly: true,
  },
  { group: 'digest', description: L('Scheduled digests', 'Geplante Zusammenfassungen'), adminOnly: false },
];

export const COMMANDS: CommandSpec[] = [
  {
    name: 'subscribe',
    description: L(
      'Subscribe this chat to a feed or tag',
      'Diesen Chat für einen Feed oder ein Thema abonnieren',
    ),
    options: [
      {
        name: 'target',
        type: 'string',
        required: true,
        description: L('Feed URL, name, id or tag', 'Feed-URL, -Name, -ID oder Thema'),
        maxLength: 2048,
        complete: 'target',
      },
      {
        name: 'mode',
        type: 'string',
        required: false,
        description: L('Instant or scheduled digest', 'Sofort oder geplante Zusammenfassung'),
        choices: modeChoices,
      },
      {
        name: 'language',
        type: 'string',
        required: false,
        description: L('Digest language', 'Sprache der Zusammenfassungen'),
        choices: langChoices,
      },
    ],
    adminOnly: false,
    subscriptionChange: true,
    expensive: false,
  },
  {
    name: 'unsubscribe',
    description: L('Remove a subscription of this chat', 'Ein Abo dieses Chats entfernen'),
    options: [
      {
        name: 'target',
        type: 'string',
        required: true,
        description: L('Subscription id, feed or tag', 'Abo-ID, Feed oder Thema'),
        maxLength: 2048,
        complete: 'subscription',
      },
    ],
    adminOnly: false,
    subscriptionChange: true,
    expensive: false,
  },
  {
    name: 'resume',
    description: L(
      'Resume this chat’s paused subscriptions (all, or one)',
      'Pausierte Abos dieses Chats fortsetzen (alle oder eines)',
    ),
    options: [
      {
        name: 'subscription',
        type: 'integer',
        required: false,
        description: L('Subscription id (default: all)', 'Abo-ID (Standard: alle)'),
        min: 1,
      },
    ],
    adminOnly: false,
    subscriptionChange: true,
    expensive: false,
  },
  {
    name: 'list',
    description: L('List this chat’s subscriptions', 'Abos dieses Chats anzeigen'),
    options: [],
    adminOnly: false,
    expensive: false,
  },
  {
    name: 'summary',
    description: L(
      'Summarize an article URL, or show the latest digests',
      'Einen Artikel zusammenfassen oder die neuesten Zusammenfassungen zeigen',
    ),
    options: [
      {
        name: 'target',
        type: 'string',
        required: true,
        description: L('Article URL, or "latest"', 'Artikel-URL oder „latest“'),
        maxLength: 2048,
      },
      {
        name: 'count',
        type: 'integer',
        required: false,
        description: L('How many (with latest)', 'Wie viele (mit latest)'),
        min: 1,
        max: 10,
      },
    ],
    adminOnly: false,
    expensive: true,
  },
  {
    name: 'settings',
    description: L('Show or change this chat’s settings', 'Einstellungen dieses Chats anzeigen oder ändern'),
    options: [
      {
        name: 'subscription',
        type: 'integer',
        required: false,
        description: L('Subscription id (default: all)', 'Abo-ID (Standard: alle)'),
        min: 1,
        complete: 'subscription',
      },
      {
        name: 'language',
        type: 'string',
        required: false,
        description: L('Digest language', 'Sprache'),
        choices: langChoices,
      },
      {
        name: 'mode',
        type: 'string',
        required: false,
        description: L('Instant or scheduled digest', 'Sofort oder geplant'),
        choices: modeChoices,
      },
      {
        name: 'schedule',
        type: 'string',
        required: false,
        description: L('Cron schedule, e.g. "0 7 * * *"', 'Cron-Zeitplan, z. B. „0 7 * * *“'),
        maxLength: 100,
      },
      {
        name: 'timezone',
        type: 'string',
        required: false,
        description: L('IANA timezone', 'IANA-Zeitzone'),
        maxLength: 64,
      },
      {
        name: 'include',
        type: 'string',
        required: false,
        description: L(
          'Only items with these words (comma-separated)',
          'Nur Beiträge mit diesen Wörtern (kommagetrennt)',
        ),
        maxLength: 500,
      },
      {
        name: 'exclude',
        type: 'string',
        required: false,
        description: L(
          'Skip items with these words (comma-separated)',
          'Beiträge mit diesen Wörtern überspringen (kommagetrennt)',
        ),
        maxLength: 500,
      },
      {
        name: 'regex',
        type: 'string',
        required: false,
        description: L('Only items matching this pattern', 'Nur Beiträge, die auf dieses Muster passen'),
        maxLength: 200,
      },
      {
        name: 'max_items',
        type: 'integer',
        required: false,
        description: L('Maximum items per digest', 'Höchstzahl Beiträge je Zusammenfassung'),
        min: 1,
        max: 50,
      },
    ],
    adminOnly: false,
    privateAnswer: true,
    expensive: false,
  },
  {
    name: 'digest now',
    description: L('Send the scheduled digest now', 'Die geplante Zusammenfassung jetzt senden'),
    options: [],
    adminOnly: false,
    expensive: true,
  },
  {
    name: 'why',
    description: L(
      'Why an article was or was not posted here',
      'Warum ein Artikel hier (nicht) gepostet wurde',
    ),
    options: [
      {
        name: 'url',
        type: 'string',
        required: true,
        description: L('Article URL', 'Artikel-URL'),
        maxLength: 2048,
      },
    ],
    adminOnly: false,
    expensive: false,
  },
  {
    name: 'help',
    description: L('What this bot does and its commands', 'Was dieser Bot kann und seine Befehle'),
    options: [],
    adminOnly: false,
    privateAnswer: true,
    expensive: false,
  },
  {
    name: 'feeds add',
    description: L('Add a feed to this chat', 'Einen Feed zu diesem Chat hinzufügen'),
    options: [
      {
        name: 'url',
        type: 'string',
        required: true,
        description: L('Feed URL', 'Feed-URL'),
        maxLength: 2048,
      },
      {
        name: 'name',
        type: 'string',
        required: false,
        description: L('Display name', 'Anzeigename'),
        maxLength: 100,
      },
      {
        name: 'language',
        type: 'string',
        required: false,
        description: L('Feed language', 'Sprache des Feeds'),
        choices: langChoices,
      },
      {
        name: 'tags',
        type: 'string',
        required: false,
        description: L('Tags (comma-separated)', 'Themen (kommagetrennt)'),
        maxLength: 200,
      },
    ],
    adminOnly: true,
    expensive: true,
    budget: 'configure',
  },
  {
    name: 'feeds remove',
    description: L('Remove a feed from this chat', 'Einen Feed aus diesem Chat entfernen'),
    options: [feedOption(true)],
    adminOnly: true,
    expensive: false,
  },
  {
    name: 'feeds list',
    description: L('List this chat’s feeds', 'Feeds dieses Chats anzeigen'),
    options: [],
    adminOnly: true,
    expensive: false,
  },
  {
    name: 'feeds status',
    description: L('Health of this chat’s feeds', 'Zustand der Feeds dieses Chats'),
    options: [feedOption(false)],
    adminOnly: true,
    expensive: false,
  },
  {
    name: 'feeds test',
    description: L('Preview the next post of a feed', 'Vorschau des nächsten Beitrags eines Feeds'),
    options: [feedOption(true)],
    adminOnly: true,
    expensive: true,
    budget: 'configure',
  },
  {
    name: 'opml import',
    description: L('Import feeds from an OPML file', 'Feeds aus einer OPML-Datei importieren'),
    options: [
      { name: 'file', type: 'attachment', required: true, description: L('OPML file', 'OPML-Datei') },
    ],
    adminOnly: true,
    expensive: true,
    budget: 'configure',
  },
  {
    name: 'opml export',
    description: L('Export this chat’s feeds as OPML', 'Feeds dieses Chats als OPML exportieren'),
    options: [],
    adminOnly: true,
    expensive: false,
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
