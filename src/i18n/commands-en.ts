/** English messages of the chat commands (src/commands); merged into ./en.ts. Plain text: adapters escape it. */

export const commandsEn = {
  // command errors
  'command.unknown_option': 'Unknown option: {option}',
  'command.missing_option': 'Missing option: {option}',
  'command.invalid_choice': 'Option {option} must be one of: {allowed}',
  'command.option_too_long': 'Option {option} is too long (at most {limit} characters).',
  'command.option_not_integer': 'Option {option} must be a whole number.',
  'command.option_out_of_range': 'Option {option} must be between {min} and {max}.',
  'command.usage': 'Usage: {usage}\nExample: {example}',
  'command.unavailable': 'That is not available on this bot right now.',
  'command.invalid_schedule':
    'Invalid schedule “{schedule}”. Use five cron fields (minute hour day month weekday), e.g. 0 7 * * * or 30 18 * * 1-5; at most 4 times an hour.',
  'command.invalid_timezone': 'Unknown timezone “{timezone}”. Use an IANA name such as Europe/Berlin.',
  'command.invalid_keywords': 'Too many or too long words (at most {max} words of {chars} characters).',
  'command.invalid_tags': 'Invalid tags: at most {max}, each up to {chars} letters, digits, - or _.',
  'command.invalid_regex': 'Invalid pattern “{regex}”: {why}.',
  'opml.invalid': 'That is not an OPML file.',
  'opml.empty': 'The OPML file contains no feeds.',
  'opml.too_many': 'The OPML file contains more than {limit} feeds.',
  // labels
  'lang.de': 'German',
  'lang.en': 'English',
  'cmd.target.feed': '{name} (feed {id})',
  'cmd.target.tag': 'topic {tag}',
  'cmd.target.feed_gone': 'removed feed {id}',
  'cmd.mode.instant': 'instant',
  'cmd.mode.digest': 'digest at “{cron}” ({timezone})',
  'cmd.never': 'never',
  'cmd.filters.include': 'only with: {words}',
  'cmd.filters.exclude': 'without: {words}',
  'cmd.filters.regex': 'pattern: {regex}',
  'cmd.max_items': 'at most {n} items',
  'cmd.paused': 'paused: {reason}',
  'cmd.health.ok': 'OK',
  'cmd.health.failing': 'failing',
  'cmd.health.disabled': 'disabled',
  // subscribe / unsubscribe / list
  'cmd.subscribe.ok': 'Subscribed to {target} as #{id}: {mode}, in {language}.',
  'cmd.subscribe.add_hint': 'This feed has not been added to this chat yet. Add it (admins): {command}',
  'cmd.subscribe.hint': 'Topics: {tags}. Feeds: {feeds}.',
  'cmd.unsubscribe.ok': 'Subscription #{id} ended: {target}.',
  'cmd.subscribe.paused_hint': 'It is paused ({reason}); resume it with {command} {id}.',
  'cmd.resume.ok':
    'Resumed: {ids}. Held while paused: {queued} to be posted now, {too_old} too old (over {hours} h).',
  'cmd.resume.none': 'Nothing here is paused.',
  'cmd.list.resume_hint':
    'Paused subscriptions resume by themselves once the bot may post here again, or with {command} (all) or {command} <id> (one).',
  'cmd.list.header': 'Subscriptions here ({count}):',
  'cmd.list.line': '#{id} {target} — {mode}, {language}',
  'cmd.list.empty': 'No subscriptions here yet. Try: {usage}',
  // summary
  'cmd.summary.ok': 'Summary: {title}',
  'cmd.summary.latest.one': 'The latest digest of your subscriptions:',
  'cmd.summary.latest.other': 'The latest {count} digests of your subscriptions:',
  'cmd.summary.latest_empty': 'No articles from your subscriptions yet.',
  // settings
  'cmd.settings.show': 'Chat language: {language}',
  'cmd.settings.updated.one': 'Settings saved for 1 subscription:',
  'cmd.settings.updated.other': 'Settings saved for {count} subscriptions:',
  'cmd.settings.language_saved': 'Chat language saved: {language}.',
  'cmd.settings.no_subscriptions': 'Nothing to change: there are no subscriptions here.',
  // digest now
  'cmd.digest_now.sent.one': 'A digest with 1 item is on its way.',
  'cmd.digest_now.sent.other': 'A digest with {count} items is on its way.',
  'cmd.digest_now.nothing': 'Nothing new since the last digest.',
  // why
  'cmd.why.header': 'About “{title}”:',
  'cmd.why.line': '#{id}: {status}{reason}{at}',
  'cmd.why.status.pending': 'waiting to be sent',
  'cmd.why.status.sending': 'being sent',
  'cmd.why.status.delivered': 'posted',
  'cmd.why.status.failed': 'failed',
  'cmd.why.status.skipped': 'not posted',
  'cmd.why.reason.filtered': 'filtered out by “{detail}”',
  'cmd.why.reason.no_include': 'none of the “only with” words occurs',
  'cmd.why.reason.duplicate': 'same story as {detail}',
  'cmd.why.reason.too_old': 'too old',
  'cmd.why.reason.paused': 'paused: {detail}',
  'cmd.why.reason.held':
    'held while posting here is paused ({detail}); posted after a resume unless too old by then',
  'cmd.why.reason.too_old_paused':
    'held while paused, and older than {hours} h when the subscription was resumed',
  'cmd.why.reason.failed': '{detail}',
  'cmd.why.reason.channel_gone': 'the chat is no longer registered',
  'cmd.why.reason.article_gone': 'the article was removed',
  'cmd.why.reason.not_selected': 'not among the items chosen for the digest ({detail})',
  'cmd.why.unknown_article': 'The bot has not seen that article in any feed.',
  'cmd.why.not_matched':
    'The bot knows “{title}”, but no subscription here covers it (other feed or topic, or it came before the subscription).',
  'cmd.why.first_poll':
    '“{title}” was already in {feed} when the bot first read that feed (when it was added): it was kept as a known item, not posted. Items published after that are posted.',
  'cmd.why.too_old_on_arrival':
    '“{title}” was already too old when it appeared in {feed}, so it was not posted.',
  'cmd.why.republished':
    '“{title}” is a re-publication of an article {feed} had carried before, so it was not posted again.',
  'cmd.why.not_covered': 'The bot knows “{title}” from {feed}, but no subscription here covers that feed.',
  'cmd.why.before_subscription':
    '“{title}” from {feed} came before the subscription here, so it was not posted.',
  'cmd.why.waiting': '“{title}” from {feed} is new and about to be handed to delivery.',
  // help
  'cmd.help.intro': 'I post short digests of German and English news with their key figures. Commands:',
  'cmd.help.admin_marker': '(admins)',
  'cmd.help.footer':
    'Options in [] are optional, the others required. Settings apply to all subscriptions here unless you name one.',
  // admin feeds
  'cmd.feeds_add.ok.one': 'Feed added: {name} (feed {id}, 1 item). Subscribe with: {subscribe}',
  'cmd.feeds_add.ok.other': 'Feed added: {name} (feed {id}, {count} items). Subscribe with: {subscribe}',
  'cmd.feeds_add.linked': 'Feed added: {name} (feed {id}). Subscribe with: {subscribe}',
  'cmd.feeds_add.reenabled.one': 'Feed checked and enabled again: {name} (feed {id}, 1 item).',
  'cmd.feeds_add.reenabled.other': 'Feed checked and enabled again: {name} (feed {id}, {count} items).',
  'cmd.feeds_remove.ok.one': 'Feed removed: {name} (feed {id}); 1 subscription ended.',
  'cmd.feeds_remove.ok.other': 'Feed removed: {name} (feed {id}); {count} subscriptions ended.',
  'cmd.feeds_list.header': 'Feeds added here ({count}):',
  'cmd.feeds_list.line': '{name} (feed {id}) — {url} ({language}; topics: {tags})',
  'cmd.feeds_list.empty': 'No feeds added here yet. Admins: {usage}',
  'cmd.feeds_list.catalog': 'The catalog offers {count} more feeds; subscribe by name or topic.',
  'cmd.feeds_status.header': 'Feed status ({count}):',
  'cmd.feeds_status.line': '{name} (feed {id}): {health}, last item {last_item}.',
  'cmd.feeds_status.error': 'Last error: {error} ({at}, {count} failures in a row).',
  'cmd.feeds_test.ok': 'Preview of the next post from {name}: {title}',
  // opml
  'cmd.opml_import.done': 'OPML import: {added} added, {skipped} already here, {failed} failed.',
  'cmd.opml_import.failed_line': '✗ {url}: {error}',
  'cmd.opml_import.more': '… and {count} more.',
  'cmd.opml_export.ok.one': 'OPML file with 1 feed.',
  'cmd.opml_export.ok.other': 'OPML file with {count} feeds.',
};
