/** Deutsche Texte der Chat-Befehle (src/commands); in ./de.ts eingebunden. Reiner Text: die Adapter maskieren ihn. */
import type { commandsEn } from './commands-en.js';

export const commandsDe: Record<keyof typeof commandsEn, string> = {
  // Befehlsfehler
  'command.unknown_option': 'Unbekannte Option: {option}',
  'command.missing_option': 'Option fehlt: {option}',
  'command.invalid_choice': 'Option {option} muss eines sein von: {allowed}',
  'command.option_too_long': 'Option {option} ist zu lang (höchstens {limit} Zeichen).',
  'command.option_not_integer': 'Option {option} muss eine ganze Zahl sein.',
  'command.option_out_of_range': 'Option {option} muss zwischen {min} und {max} liegen.',
  'command.usage': 'Aufruf: {usage}\nBeispiel: {example}',
  'command.unavailable': 'Das ist bei diesem Bot gerade nicht verfügbar.',
  'command.invalid_schedule':
    'Ungültiger Zeitplan „{schedule}“. Bitte fünf Cron-Felder (Minute Stunde Tag Monat Wochentag), z. B. 0 7 * * * oder 30 18 * * 1-5; höchstens 4-mal pro Stunde.',
  'command.invalid_timezone': 'Unbekannte Zeitzone „{timezone}“. Bitte einen IANA-Namen wie Europe/Berlin.',
  'command.invalid_keywords':
    'Zu viele oder zu lange Wörter (höchstens {max} Wörter mit je {chars} Zeichen).',
  'command.invalid_tags':
    'Ungültige Themen: höchstens {max}, jeweils bis {chars} Buchstaben, Ziffern, - oder _.',
  'command.invalid_regex': 'Ungültiges Muster „{regex}“: {why}.',
  'opml.invalid': 'Das ist keine OPML-Datei.',
  'opml.empty': 'Die OPML-Datei enthält keine Feeds.',
  'opml.too_many': 'Die OPML-Datei enthält mehr als {limit} Feeds.',
  // Bezeichnungen
  'lang.de': 'Deutsch',
  'lang.en': 'Englisch',
  'cmd.target.feed': '{name} (Feed {id})',
  'cmd.target.tag': 'Thema {tag}',
  'cmd.target.feed_gone': 'entfernter Feed {id}',
  'cmd.mode.instant': 'sofort',
  'cmd.mode.digest': 'Zusammenfassung um „{cron}“ ({timezone})',
  'cmd.never': 'nie',
  'cmd.filters.include': 'nur mit: {words}',
  'cmd.filters.exclude': 'ohne: {words}',
  'cmd.filters.regex': 'Muster: {regex}',
  'cmd.max_items': 'höchstens {n} Beiträge',
  'cmd.paused': 'pausiert: {reason}',
  'cmd.health.ok': 'in Ordnung',
  'cmd.health.failing': 'gestört',
  'cmd.health.disabled': 'abgeschaltet',
  // abonnieren / abbestellen / anzeigen
  'cmd.subscribe.ok': '{target} abonniert als #{id}: {mode}, auf {language}.',
  'cmd.subscribe.add_hint': 'Diesen Feed gibt es in diesem Chat noch nicht. Hinzufügen (Admins): {command}',
  'cmd.subscribe.hint': 'Themen: {tags}. Feeds: {feeds}.',
  'cmd.unsubscribe.ok': 'Abo #{id} beendet: {target}.',
  'cmd.subscribe.paused_hint': 'Es ist pausiert ({reason}); fortsetzen mit {command} {id}.',
  'cmd.resume.ok':
    'Fortgesetzt: {ids}. Während der Pause angekommen: {queued} werden jetzt gepostet, {too_old} zu alt (über {hours} h).',
  'cmd.resume.none': 'Hier ist nichts pausiert.',
  'cmd.list.resume_hint':
    'Pausierte Abos gehen von selbst weiter, sobald der Bot hier wieder posten darf, oder mit {command} (alle) bzw. {command} <ID> (eines).',
  'cmd.list.header': 'Abos hier ({count}):',
  'cmd.list.line': '#{id} {target} — {mode}, {language}',
  'cmd.list.empty': 'Hier gibt es noch keine Abos. Versuch: {usage}',
  // summary
  'cmd.summary.ok': 'Zusammenfassung: {title}',
  'cmd.summary.latest.one': 'Die neueste Zusammenfassung deiner Abos:',
  'cmd.summary.latest.other': 'Die neuesten {count} Zusammenfassungen deiner Abos:',
  'cmd.summary.latest_empty': 'Aus deinen Abos gibt es noch keine Artikel.',
  // settings
  'cmd.settings.show': 'Sprache des Chats: {language}',
  'cmd.settings.updated.one': 'Einstellungen für 1 Abo gespeichert:',
  'cmd.settings.updated.other': 'Einstellungen für {count} Abos gespeichert:',
  'cmd.settings.language_saved': 'Sprache des Chats gespeichert: {language}.',
  'cmd.settings.no_subscriptions': 'Nichts zu ändern: hier gibt es keine Abos.',
  // digest now
  'cmd.digest_now.sent.one': 'Eine Zusammenfassung mit 1 Beitrag ist unterwegs.',
  'cmd.digest_now.sent.other': 'Eine Zusammenfassung mit {count} Beiträgen ist unterwegs.',
  'cmd.digest_now.nothing': 'Seit der letzten Zusammenfassung gibt es nichts Neues.',
  // why
  'cmd.why.header': 'Zu „{title}“:',
  'cmd.why.line': '#{id}: {status}{reason}{at}',
  'cmd.why.status.pending': 'wartet auf Versand',
  'cmd.why.status.sending': 'wird gesendet',
  'cmd.why.status.delivered': 'gepostet',
  'cmd.why.status.failed': 'fehlgeschlagen',
  'cmd.why.status.skipped': 'nicht gepostet',
  'cmd.why.reason.filtered': 'herausgefiltert durch „{detail}“',
  'cmd.why.reason.no_include': 'keines der „nur mit“-Wörter kommt vor',
  'cmd.why.reason.duplicate': 'gleiche Meldung wie {detail}',
  'cmd.why.reason.too_old': 'zu alt',
  'cmd.why.reason.paused': 'pausiert: {detail}',
  'cmd.why.reason.held':
    'zurückgehalten, solange das Posten hier pausiert ist ({detail}); wird nach dem Fortsetzen gepostet, sofern nicht zu alt',
  'cmd.why.reason.too_old_paused': 'während der Pause zurückgehalten und beim Fortsetzen älter als {hours} h',
  'cmd.why.reason.failed': '{detail}',
  'cmd.why.reason.channel_gone': 'der Chat ist nicht mehr eingetragen',
  'cmd.why.reason.article_gone': 'der Artikel wurde entfernt',
  'cmd.why.reason.expired': 'der Artikel wurde vor dem Senden gelöscht (Aufbewahrungsfrist abgelaufen)',
  'cmd.why.reason.not_selected': 'nicht unter den für die Zusammenfassung gewählten Beiträgen ({detail})',
  'cmd.why.unknown_article': 'Diesen Artikel hat der Bot in keinem Feed gesehen.',
  'cmd.why.not_matched':
    'Der Bot kennt „{title}“, aber kein Abo hier umfasst ihn (anderer Feed oder anderes Thema, oder er kam vor dem Abo).',
  'cmd.why.first_poll':
    '„{title}“ war schon in {feed}, als der Bot den Feed zum ersten Mal las (beim Hinzufügen): Er wurde als bekannter Beitrag gespeichert, nicht gepostet. Was danach erscheint, wird gepostet.',
  'cmd.why.too_old_on_arrival':
    '„{title}“ war schon zu alt, als er in {feed} erschien, und wurde deshalb nicht gepostet.',
  'cmd.why.republished':
    '„{title}“ ist eine erneute Veröffentlichung eines Artikels, den {feed} schon hatte, und wurde nicht noch einmal gepostet.',
  'cmd.why.not_covered': 'Der Bot kennt „{title}“ aus {feed}, aber kein Abo hier umfasst diesen Feed.',
  'cmd.why.before_subscription':
    '„{title}“ aus {feed} kam vor dem Abo hier und wurde deshalb nicht gepostet.',
  'cmd.why.waiting': '„{title}“ aus {feed} ist neu und geht gleich in die Zustellung.',
  // help
  'cmd.help.intro':
    'Ich poste kurze Zusammenfassungen deutscher und englischer Nachrichten mit ihren wichtigsten Zahlen. Befehle:',
  'cmd.help.admin_marker': '(Admins)',
  'cmd.help.footer':
    'Optionen in [] sind freiwillig, die übrigen Pflicht. Einstellungen gelten für alle Abos hier, außer du nennst eines.',
  // Feeds (Admins)
  'cmd.feeds_add.ok.one': 'Feed hinzugefügt: {name} (Feed {id}, 1 Beitrag). Abonnieren mit: {subscribe}',
  'cmd.feeds_add.ok.other':
    'Feed hinzugefügt: {name} (Feed {id}, {count} Beiträge). Abonnieren mit: {subscribe}',
  'cmd.feeds_add.linked': 'Feed hinzugefügt: {name} (Feed {id}). Abonnieren mit: {subscribe}',
  'cmd.feeds_add.reenabled.one': 'Feed geprüft und wieder eingeschaltet: {name} (Feed {id}, 1 Beitrag).',
  'cmd.feeds_add.reenabled.other':
    'Feed geprüft und wieder eingeschaltet: {name} (Feed {id}, {count} Beiträge).',
  'cmd.feeds_remove.ok.one': 'Feed entfernt: {name} (Feed {id}); 1 Abo beendet.',
  'cmd.feeds_remove.ok.other': 'Feed entfernt: {name} (Feed {id}); {count} Abos beendet.',
  'cmd.feeds_list.header': 'Hier hinzugefügte Feeds ({count}):',
  'cmd.feeds_list.line': '{name} (Feed {id}) — {url} ({language}; Themen: {tags})',
  'cmd.feeds_list.empty': 'Hier wurden noch keine Feeds hinzugefügt. Admins: {usage}',
  'cmd.feeds_list.catalog': 'Der Katalog bietet {count} weitere Feeds; abonnieren nach Name oder Thema.',
  'cmd.feeds_status.header': 'Zustand der Feeds ({count}):',
  'cmd.feeds_status.line': '{name} (Feed {id}): {health}, letzter Beitrag {last_item}.',
  'cmd.feeds_status.error': 'Letzter Fehler: {error} ({at}, {count} Fehler in Folge).',
  'cmd.feeds_test.ok': 'Vorschau des nächsten Beitrags von {name}: {title}',
  // OPML
  'cmd.opml_import.done':
    'OPML-Import: {added} hinzugefügt, {skipped} schon vorhanden, {failed} fehlgeschlagen.',
  'cmd.opml_import.failed_line': '✗ {url}: {error}',
  'cmd.opml_import.more': '… und {count} weitere.',
  'cmd.opml_export.ok.one': 'OPML-Datei mit 1 Feed.',
  'cmd.opml_export.ok.other': 'OPML-Datei mit {count} Feeds.',
};
