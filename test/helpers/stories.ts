/**
 * Stories for end-to-end tests: twenty distinct German local news items (each its own topic, title and numbers;
 * the descriptions share only common words such as "Euro", "vorgesehen", "weitere", the pattern that once folded
 * distinct stories into one message), and a live feed on a loopback server whose items are published while the
 * bot runs.
 */
import { type FeedItem, type FeedServer, rss } from '../integration/pipeline/feed-server.js';

export interface Story {
  /** Path part of the article URL: /artikel/<slug>. */
  slug: string;
  title: string;
  description: string;
}

const story = (slug: string, title: string, description: string): Story => ({ slug, title, description });

/** Twenty different stories from one town; no two share a topic or a figure. */
export const GERMAN_STORIES: readonly Story[] = [
  story(
    'gymnasium',
    'Kreistag gibt 23 Millionen Euro für Gymnasium Nordstadt frei',
    'Der Anbau bekommt 16 Klassenräume und eine Mensa. Weitere Mittel für die Turnhalle sind im nächsten Haushalt vorgesehen.',
  ),
  story(
    'eisbahn',
    'Eisbahn auf dem Marktplatz öffnet am 29. November',
    'Die Bahn ist 600 Quadratmeter groß, der Eintritt kostet 4 Euro. Weitere Termine für Schulklassen sind vorgesehen.',
  ),
  story(
    'buslinie-12',
    'Buslinie 12 fährt ab Januar im 15-Minuten-Takt',
    'Die Verkehrsbetriebe setzen dafür drei weitere Busse ein. Vorgesehen sind Mehrkosten von 850.000 Euro im Jahr.',
  ),
  story(
    'hebammen',
    'Klinikum sucht 14 Hebammen für neuen Kreißsaal',
    'Der Kreißsaal soll im Frühjahr eröffnen. Für Umbau und Geräte sind 2,7 Millionen Euro vorgesehen, weitere Stellen folgen.',
  ),
  story(
    'brueckenpruefung',
    'Prüfer finden Schäden an 9 von 41 Brücken im Landkreis',
    'Zwei Brücken werden für Lastwagen über 7,5 Tonnen gesperrt. Für die Reparaturen sind weitere 5 Millionen Euro vorgesehen.',
  ),
  story(
    'weinfest',
    'Weinfest zählt 38.000 Besucher an drei Tagen',
    'Die Winzer schenkten an 22 Ständen aus. Der Verein nahm 95.000 Euro ein, weitere Feste sind für 2027 vorgesehen.',
  ),
  story(
    'windpark',
    'Gemeinderat stimmt Windpark mit sechs Anlagen zu',
    'Jede Anlage ist 240 Meter hoch. Die Gemeinde erhält 0,2 Cent je Kilowattstunde, weitere Beteiligungen für Bürger sind vorgesehen.',
  ),
  story(
    'kita-gebuehren',
    'Kita-Gebühren steigen um 8 Prozent',
    'Ein Ganztagsplatz kostet künftig 312 Euro im Monat. Weitere Ermäßigungen für Geschwister sind vorgesehen.',
  ),
  story(
    'hallenbad',
    'Hallenbad bleibt wegen Legionellen bis Ende März geschlossen',
    'Im Leitungsnetz wurden erhöhte Werte gemessen. Für neue Leitungen sind 410.000 Euro vorgesehen, weitere Proben folgen.',
  ),
  story(
    'handball',
    'Handballerinnen steigen nach 31:27-Sieg in die 2. Liga auf',
    'Vor 1.900 Zuschauern entschied die Mannschaft das letzte Spiel. Der Verein plant mit einem Etat von 300.000 Euro, weitere Sponsoren sind vorgesehen.',
  ),
  story(
    'wohnungen',
    'Genossenschaft baut 118 Wohnungen am alten Güterbahnhof',
    'Die Hälfte der Wohnungen wird gefördert. Vorgesehen ist eine Miete von 7,20 Euro je Quadratmeter, weitere Bauabschnitte folgen.',
  ),
  story(
    'stadtarchiv',
    'Stadtarchiv digitalisiert 2,3 Millionen Seiten',
    'Das Land fördert das Projekt mit 640.000 Euro. Weitere Bestände, etwa alte Bauakten, sind für später vorgesehen.',
  ),
  story(
    'tierheim',
    'Tierheim nimmt 64 Katzen aus einer Wohnung auf',
    'Die Tiere werden tierärztlich versorgt. Der Tierschutzverein bittet um Spenden, vorgesehen sind weitere 20.000 Euro für Futter.',
  ),
  story(
    'ortsumgehung',
    'Ortsumgehung Altenweiler kostet 74 Millionen Euro',
    'Die 6,8 Kilometer lange Straße soll den Ortskern entlasten. Weitere Lärmschutzwände sind vorgesehen.',
  ),
  story(
    'glasfaser',
    'Glasfaser erreicht 5.600 Haushalte in den Ortsteilen',
    'Der Ausbau kostete 19 Millionen Euro, davon trug der Bund die Hälfte. Weitere Anschlüsse sind für Gewerbegebiete vorgesehen.',
  ),
  story(
    'feuerwerk',
    'Stadt verbietet Feuerwerk in der Altstadt an Silvester',
    'Bei Verstößen drohen bis zu 1.000 Euro Bußgeld. Weitere Verbotszonen rund um das Krankenhaus sind vorgesehen.',
  ),
  story(
    'baeckerei',
    'Traditionsbäckerei schließt nach 127 Jahren',
    'Der Inhaber fand keinen Nachfolger für die 11 Beschäftigten. Weitere Filialen in den Nachbarorten sind nicht vorgesehen.',
  ),
  story(
    'blutspende',
    'Rotes Kreuz meldet Rekord mit 412 Blutspenden an einem Tag',
    'Jeder Spender erhielt einen Gutschein über 10 Euro. Weitere Termine in der Stadthalle sind im Februar vorgesehen.',
  ),
  story(
    'parkgebuehren',
    'Parkgebühren in der Innenstadt verdoppeln sich auf 3 Euro je Stunde',
    'Die Stadt rechnet mit 1,1 Millionen Euro Mehreinnahmen. Weitere Parkhäuser am Stadtrand sind vorgesehen.',
  ),
  story(
    'sternwarte',
    'Volkssternwarte bekommt Teleskop mit 60 Zentimetern Spiegel',
    'Das Gerät kostet 180.000 Euro und wurde zur Hälfte gespendet. Weitere öffentliche Beobachtungsabende sind vorgesehen.',
  ),
];

/** One more story apart from the twenty (e.g. the item that appears before a feed's first scheduled poll). */
export const EARLY_STORY: Story = story(
  'rathausdach',
  'Rathausdach wird für 2,9 Millionen Euro saniert',
  'Die Arbeiten dauern 14 Monate. Weitere Schäden an der Fassade werden noch untersucht, ein Gutachten ist vorgesehen.',
);

/** The story that is already in the feed when an admin adds it (known, never posted). */
export const OLD_STORY: Story = story(
  'stadtfest',
  'Stadtfest lockt 52.000 Menschen in die Innenstadt',
  'Auf vier Bühnen spielten 30 Bands. Die Stadt zahlte 210.000 Euro, weitere Einnahmen kamen von den Ständen.',
);

/** Three more stories for the later steps of a scenario (while a chat is paused, after a language switch). */
export const LATER_STORIES: readonly Story[] = [
  story(
    'wochenmarkt',
    'Wochenmarkt bekommt 12 neue Stände am Kirchplatz',
    'Die Standgebühr sinkt auf 18 Euro am Tag. Weitere Markttage am Samstag sind vorgesehen.',
  ),
  story(
    'musikschule',
    'Musikschule nimmt 240 Kinder von der Warteliste auf',
    'Dafür stellt die Stadt vier Lehrkräfte ein und zahlt 160.000 Euro. Weitere Kurse für Erwachsene sind vorgesehen.',
  ),
  story(
    'radschnellweg',
    'Radschnellweg nach Bergheim wird 11 Kilometer lang',
    'Der Bund übernimmt 75 Prozent der Kosten von 16 Millionen Euro. Weitere Verbindungen ins Umland sind vorgesehen.',
  ),
];

/**
 * A feed on a loopback server whose items are published while the bot runs: `publish` adds stories dated now
 * (newest first in the document, as feeds list them) and serves the new document at once.
 */
export class LiveFeed {
  private readonly items: FeedItem[] = [];

  constructor(
    private readonly server: FeedServer,
    readonly title: string,
    readonly path = '/feed.xml',
  ) {
    this.serve();
  }

  get url(): string {
    return this.server.url(this.path);
  }

  /** The article URL of a story (its link and guid in the feed). */
  link(s: Story): string {
    return this.server.url(`/artikel/${s.slug}`);
  }

  publish(stories: readonly Story[], at = Date.now()): void {
    stories.forEach((s, i) => {
      // one second apart, in the given order, so that every item has its own date
      this.items.unshift({
        guid: this.link(s),
        link: this.link(s),
        title: s.title,
        description: s.description,
        date: at - (stories.length - i) * 1000,
      });
    });
    this.serve();
  }

  private serve(): void {
    this.server.set(this.path, { body: rss(this.title, this.items), contentType: 'application/rss+xml' });
  }
}
