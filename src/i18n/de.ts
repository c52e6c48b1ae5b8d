import { commandsDe } from './commands-de.js';
import type { en } from './en.js';

/** Typed by the English catalog: a key missing here, or one English does not have, fails the typecheck. */
export const de: Record<keyof typeof en, string> = {
  ...commandsDe,
  // errors
  'config.invalid': 'Die Konfiguration ist ungültig: {detail}',
  'input.missing_file': 'Datei nicht gefunden: {path}',
  'input.empty': 'Die Eingabe ist leer.',
  'input.binary': 'Die Eingabe ist kein Text.',
  'input.too_large': 'Die Eingabe ist zu groß (Grenze {limit}).',
  'input.invalid_json': 'Ungültige JSON-Zeile.',
  'input.invalid_url': 'Das ist keine gültige http(s)-Adresse.',
  'input.invalid_option': 'Ungültige Option: {option}',
  'fetch.timeout': 'Der Server hat nicht rechtzeitig geantwortet.',
  'fetch.too_large': 'Die Antwort ist zu groß.',
  'fetch.blocked_address': 'Diese Adresse ist nicht erlaubt (privates oder reserviertes Netz).',
  'fetch.blocked_port': 'Dieser Port ist nicht erlaubt.',
  'fetch.blocked_scheme': 'Nur http- und https-Links sind erlaubt.',
  'fetch.too_many_redirects': 'Zu viele Weiterleitungen.',
  'fetch.http_status': 'Der Server antwortete mit HTTP {status}.',
  'fetch.network': 'Der Server ist nicht erreichbar.',
  'fetch.dns': 'Der Hostname konnte nicht aufgelöst werden.',
  'fetch.unsupported_type': 'Der Server lieferte einen nicht unterstützten Inhaltstyp ({type}).',
  'parse.invalid_xml': 'Der Feed ist kein gültiges XML.',
  'parse.not_a_feed': 'Das ist kein RSS-, Atom- oder JSON-Feed.',
  'parse.empty': 'Der Feed enthält keine Einträge.',
  'parse.forbidden_entity': 'Der Feed verwendet verbotene XML-Entitäten oder eine DTD.',
  'parse.timeout': 'Das Einlesen des Feeds hat zu lange gedauert.',
  'extract.no_content': 'Auf dieser Seite wurde kein Artikeltext gefunden.',
  'extract.not_html': 'Diese Seite ist kein HTML-Dokument (Binärdaten wie ein PDF oder ein Bild).',
  'extract.too_large': 'Diese Seite ist zu groß zum Lesen (zu viele Elemente oder zu viel Speicher).',
  'extract.too_deep': 'Diese Seite ist zu tief verschachtelt zum Lesen.',
  'extract.timeout': 'Das Lesen dieser Seite hat zu lange gedauert.',
  'summarize.failed': 'Der Artikel konnte nicht zusammengefasst werden.',
  'llm.unavailable': 'Das Sprachmodell ist nicht erreichbar.',
  'llm.bad_response': 'Das Sprachmodell lieferte eine unbrauchbare Antwort.',
  'llm.timeout': 'Das Sprachmodell hat nicht rechtzeitig geantwortet.',
  'llm.budget_exhausted': 'Das Tagesbudget des Sprachmodells ist aufgebraucht.',
  'llm.figure_mismatch': 'Die erzeugte Zusammenfassung enthielt eine Zahl, die nicht im Artikel steht.',
  'translate.unavailable': 'Der Übersetzungsdienst ist nicht erreichbar.',
  'redis.unavailable':
    'Die gemeinsame Arbeitswarteschlange ist vorübergehend nicht erreichbar. Bitte in einer Minute erneut versuchen.',
  'cluster.job_failed': 'Eine Hintergrundaufgabe ist fehlgeschlagen; sie wird wiederholt.',
  'store.unavailable':
    'Die Datenbank ist vorübergehend nicht erreichbar. Bitte in einer Minute erneut versuchen.',
  'store.unreachable':
    'Der PostgreSQL-Server unter {target} ist nicht erreichbar. Prüfe Host und Port in DATABASE_URL und ob der Server läuft.',
  'store.no_database':
    'Die Datenbank {database} gibt es auf {target} nicht. Lege sie an (createdb {database}) oder korrigiere den Namen in DATABASE_URL.',
  'store.auth_failed':
    'PostgreSQL unter {target} hat die Anmeldung abgelehnt. Prüfe Benutzer und Passwort in DATABASE_URL.',
  'store.bad_path':
    'Der SQLite-Pfad {target} kann nicht als Datenbankdatei dienen. Lass DATABASE_URL (sqlite:<Datei>) auf eine Datei in einem beschreibbaren Ordner zeigen.',
  'store.not_sqlite':
    'Die Datei {target} ist keine SQLite-Datenbank (oder beschädigt). Lass DATABASE_URL auf eine neue oder bestehende SQLite-Datei zeigen.',
  'command.unknown': 'Unbekannter Befehl. Versuche {help}.',
  'command.admin_only': 'Nur Admins dieses Chats dürfen das.',
  'command.manage_only':
    'Nur wer diesen Kanal verwalten darf („Kanäle verwalten“ oder „Server verwalten“), kann ändern, was er erhält.',
  'command.manage_only_chat_admins': 'Nur Admins dieses Chats können ändern, was er erhält.',
  'command.bad_argument': 'Ungültiges Argument: {detail}',
  'command.rate_limited': 'Nicht so schnell – bitte in {seconds} s erneut versuchen.',
  'command.not_found': 'Nicht gefunden: {what}',
  'command.limit_reached': 'Grenze erreicht ({limit}).',
  'command.already_exists': 'Schon vorhanden: {what}',
  'delivery.rate_limited': 'Von der Plattform gebremst.',
  'delivery.missing_permissions': 'Dem Bot fehlt die Berechtigung, hier zu posten.',
  'delivery.chat_not_found': 'Den Chat gibt es nicht mehr oder der Bot wurde entfernt.',
  'delivery.bad_format': 'Die Plattform hat das Nachrichtenformat abgelehnt.',
  'delivery.server_error': 'Die Plattform hatte einen Serverfehler.',
  'delivery.network': 'Die Plattform ist nicht erreichbar.',
  'delivery.blocked': 'Der Bot wurde in diesem Chat blockiert.',
  internal: 'Bei uns ist etwas schiefgegangen.',
  // digest rendering
  'digest.key_figures': 'Kennzahlen',
  'digest.source': 'Quelle',
  'digest.note.no_translation':
    'Keine Übersetzung konfiguriert: Diese Zusammenfassung ist in der Sprache des Artikels ({lang}).',
  'digest.label.ai': 'KI-Zusammenfassung',
  'digest.label.translated': 'Maschinell übersetzt',
  // telegram adapter
  'telegram.cmd.start': 'Bot starten und Hilfe zeigen',
  'telegram.cmd.channel': 'Einen Kanal verknüpfen oder auswählen, den du verwaltest',
  'telegram.help.intro':
    'Ich fasse deutsche und englische Nachrichten-Feeds mit Kennzahlen kurz zusammen und poste sie hier. Abonniere Feeds oder Themen für diesen Chat; in Gruppen wählen die Admins die Feeds.',
  'telegram.help.commands': 'Befehle:',
  'telegram.help.syntax':
    'Argumente folgen dem Befehl, durch Leerzeichen getrennt: Werte der Reihe nach oder benannt als name wert, name=wert oder name:wert; mehrere Wörter in "Anführungszeichen". Eindeutige Werte (Sprache, Modus, Zeitplan) brauchen keinen Namen, z. B. /settings en oder /settings modus digest zeitplan "0 7 * * *".',
  'telegram.help.channels':
    'Kanäle: Mach mich zum Kanal-Admin mit dem Recht, Nachrichten zu posten, und sende hier /channel @deinkanal (oder leite einen Beitrag des Kanals weiter). Befehle in diesem Chat konfigurieren dann den Kanal; /channel off schaltet zurück.',
  'telegram.channel.linked':
    'Kanal {title} verknüpft. Befehle in diesem Chat konfigurieren ihn jetzt; /channel off schaltet zurück.',
  'telegram.channel.current': 'Befehle in diesem Chat konfigurieren den Kanal {title}.',
  'telegram.channel.none':
    'Kein Kanal ausgewählt: Befehle gelten für diesen privaten Chat. Verknüpfe einen mit /channel @name.',
  'telegram.channel.off': 'Zurück zu diesem privaten Chat.',
  'telegram.channel.not_channel': 'Das ist kein Kanal.',
  'telegram.channel.not_found': 'Kanal nicht gefunden. Stimmt der Name, und bin ich Mitglied?',
  'telegram.channel.not_admin': 'Du bist kein Administrator von {title}.',
  'telegram.channel.bot_cannot_post':
    'Ich kann in {title} nicht posten: Mach mich zum Administrator mit dem Recht, Nachrichten zu posten.',
  'telegram.channel.private_only': 'Kanäle verknüpfst du in einem privaten Chat mit mir.',
  'telegram.channel.context': 'Kanal {title}:',
  'telegram.unknown_subcommand': 'Unbekannter Unterbefehl. Verwendung: {usage}',
  'telegram.too_many_arguments':
    'Zu viele Argumente: {detail}. Mehrere Wörter in "Anführungszeichen" setzen.',
  'telegram.opml.no_file':
    'Sende die OPML-Datei als Dokument mit der Beschriftung /opml import oder antworte auf die Datei mit /opml import.',
  'digest.also_reported': 'Auch berichtet von',
  // delivery
  'delivery.digest_title': 'Deine Nachrichten im Überblick',
  'delivery.paused_notice':
    'Das Posten hier ist pausiert: {reason} Sobald der Bot hier wieder posten darf (Discord: „Nachrichten senden“ und „Links einbetten“; Telegram: Mitglied oder Admin mit dem Recht zu posten), geht es von selbst weiter; oder hier {command} ausführen. Was inzwischen kam, folgt, sofern es dann nicht zu alt ist.',
  'delivery.resume_command.discord': '/fortsetzen',
  'delivery.resume_command.telegram': '/resume',
  'delivery.resume_command.console': 'resume',
  'delivery.console_header': 'Nachrichtenüberblick für {chat}',
};
