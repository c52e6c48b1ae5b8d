import { commandsEn } from './commands-en.js';

export const en = {
  ...commandsEn,
  // errors
  'config.invalid': 'The configuration is invalid: {detail}',
  'input.missing_file': 'File not found: {path}',
  'input.empty': 'The input is empty.',
  'input.binary': 'The input is not text.',
  'input.too_large': 'The input is too large (limit {limit}).',
  'input.invalid_json': 'Invalid JSON line.',
  'input.invalid_url': 'That is not a valid http(s) URL.',
  'input.invalid_option': 'Invalid option: {option}',
  'fetch.timeout': 'The server did not answer in time.',
  'fetch.too_large': 'The response is too large.',
  'fetch.blocked_address': 'That address is not allowed (private or reserved network).',
  'fetch.blocked_port': 'That port is not allowed.',
  'fetch.blocked_scheme': 'Only http and https links are allowed.',
  'fetch.too_many_redirects': 'Too many redirects.',
  'fetch.http_status': 'The server answered with HTTP {status}.',
  'fetch.network': 'The server could not be reached.',
  'fetch.dns': 'The host name could not be resolved.',
  'fetch.unsupported_type': 'The server sent an unsupported content type ({type}).',
  'parse.invalid_xml': 'The feed is not valid XML.',
  'parse.not_a_feed': 'That is not an RSS, Atom or JSON feed.',
  'parse.empty': 'The feed has no items.',
  'parse.forbidden_entity': 'The feed uses forbidden XML entities or a DTD.',
  'parse.timeout': 'The feed took too long to parse.',
  'extract.no_content': 'No article text could be found on that page.',
  'extract.not_html': 'That page is not an HTML document (binary data such as a PDF or an image).',
  'extract.too_large': 'That page is too large to read (too many elements or too much memory).',
  'extract.too_deep': 'That page is nested too deeply to read.',
  'extract.timeout': 'Reading that page took too long.',
  'summarize.failed': 'The article could not be summarized.',
  'llm.unavailable': 'The language model is not available.',
  'llm.bad_response': 'The language model gave an unusable answer.',
  'llm.timeout': 'The language model did not answer in time.',
  'llm.budget_exhausted': 'The daily language model budget is used up.',
  'llm.figure_mismatch': 'The generated summary contained a figure that is not in the article.',
  'translate.unavailable': 'The translation service is not available.',
  'redis.unavailable': 'The shared work queue is temporarily unavailable. Please try again in a minute.',
  'cluster.job_failed': 'A background job failed; it is retried.',
  'store.unavailable': 'The database is temporarily unavailable. Please try again in a minute.',
  'store.unreachable':
    'The PostgreSQL server at {target} cannot be reached. Check host and port in DATABASE_URL and that the server is running.',
  'store.no_database':
    'The database {database} does not exist on {target}. Create it (createdb {database}) or fix the name in DATABASE_URL.',
  'store.auth_failed': 'PostgreSQL at {target} refused the login. Check user and password in DATABASE_URL.',
  'store.bad_path':
    'The SQLite path {target} cannot be used as a database file. Point DATABASE_URL (sqlite:<file>) at a file in a writable folder.',
  'store.not_sqlite':
    'The file {target} is not a SQLite database (or it is damaged). Point DATABASE_URL at a new or existing SQLite file.',
  'command.unknown': 'Unknown command. Try {help}.',
  'command.admin_only': 'Only admins of this chat may do that.',
  'command.manage_only':
    'Only those who may manage this channel (Manage Channels, or Manage Server) may change what it receives.',
  'command.manage_only_chat_admins': 'Only admins of this chat may change what it receives.',
  'command.bad_argument': 'Invalid argument: {detail}',
  'command.rate_limited': 'Slow down — try again in {seconds} s.',
  'command.not_found': 'Not found: {what}',
  'command.limit_reached': 'Limit reached ({limit}).',
  'command.already_exists': 'Already there: {what}',
  'delivery.rate_limited': 'Rate limited by the platform.',
  'delivery.missing_permissions': 'The bot lacks permission to post here.',
  'delivery.chat_not_found': 'The chat no longer exists or the bot was removed.',
  'delivery.bad_format': 'The platform rejected the message format.',
  'delivery.server_error': 'The platform had a server error.',
  'delivery.network': 'The platform could not be reached.',
  'delivery.blocked': 'The bot was blocked in this chat.',
  internal: 'Something went wrong on our side.',
  // digest rendering
  'digest.key_figures': 'Key figures',
  'digest.source': 'Source',
  'digest.note.no_translation':
    'No translation configured: this digest is in the article’s language ({lang}).',
  'digest.label.ai': 'AI summary',
  'digest.label.translated': 'Machine-translated',
  // telegram adapter
  'telegram.cmd.start': 'Start the bot and show help',
  'telegram.cmd.channel': 'Link or select a channel you manage',
  'telegram.help.intro':
    'I turn German and English news feeds into short digests with key figures and post them here. Subscribe this chat to feeds or topics; in groups, admins choose the feeds.',
  'telegram.help.commands': 'Commands:',
  'telegram.help.syntax':
    'Arguments follow the command, separated by spaces: values in order, or named as name value, name=value or name:value; "quotes" group several words. Unambiguous values (language, mode, schedule) need no name, e.g. /settings en or /settings mode digest schedule "0 7 * * *".',
  'telegram.help.channels':
    'Channels: make me a channel admin allowed to post messages, then send /channel @yourchannel here (or forward a post from the channel). Commands sent here then configure that channel; /channel off switches back.',
  'telegram.channel.linked':
    'Channel {title} linked. Commands in this chat now configure it; /channel off switches back.',
  'telegram.channel.current': 'Commands in this chat configure the channel {title}.',
  'telegram.channel.none':
    'No channel selected: commands configure this private chat. Link one with /channel @name.',
  'telegram.channel.off': 'Back to this private chat.',
  'telegram.channel.not_channel': 'That is not a channel.',
  'telegram.channel.not_found': 'Channel not found. Is the name right, and am I a member of it?',
  'telegram.channel.not_admin': 'You are not an administrator of {title}.',
  'telegram.channel.bot_cannot_post':
    'I cannot post in {title}: make me an administrator with the right to post messages.',
  'telegram.channel.private_only': 'Link channels from a private chat with me.',
  'telegram.channel.context': 'Channel {title}:',
  'telegram.unknown_subcommand': 'Unknown subcommand. Use: {usage}',
  'telegram.too_many_arguments': 'Too many arguments: {detail}. Put several words in "quotes".',
  'telegram.opml.no_file':
    'Send the OPML file as a document with the caption /opml import, or reply to the file with /opml import.',
  'digest.also_reported': 'Also reported by',
  // delivery
  'delivery.digest_title': 'Your news digest',
  'delivery.paused_notice':
    'Posting here is paused: {reason} Once the bot may post here again (Discord: Send Messages and Embed Links; Telegram: a member, or an admin allowed to post), posting resumes by itself; or run {command} here. What arrived meanwhile follows unless it is too old by then.',
  'delivery.resume_command.discord': '/resume',
  'delivery.resume_command.telegram': '/resume',
  'delivery.resume_command.console': 'resume',
  'delivery.console_header': 'News digest for {chat}',
};
