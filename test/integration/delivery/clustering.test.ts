/**
 * Story clustering in the fan-out, on the real store and engine: distinct items of one feed are never folded into
 * one message, however alike their descriptions are; items of two outlets are one story only when the headlines
 * carry the evidence; "also reported by" names each other outlet once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';
import { decisions, harness } from './harness.js';
import { type ArticleSeed, seedArticles, seedFeed, seedSubscription } from './seed.js';

const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

/** Twenty local news items: each its own topic and numbers; the descriptions share only common words. */
const LOCAL: [string, string][] = [
  [
    'Stadtrat beschließt Neubau der Grundschule in Lindenau',
    'Die neue Grundschule soll 2028 fertig sein. Insgesamt sind 14 Millionen Euro vorgesehen, weitere Mittel kommen vom Land.',
  ],
  [
    'Freibad am Westpark öffnet nach Sanierung wieder',
    'Nach zwei Jahren Bauzeit ist das Becken saniert. Für die Technik waren 3,2 Millionen Euro vorgesehen, weitere Arbeiten folgen im Herbst.',
  ],
  [
    'Straßenbahnlinie 7 wird bis zum Klinikum verlängert',
    'Die Verlängerung um 2,4 Kilometer ist für 2027 vorgesehen. Weitere Haltestellen sollen folgen, die Kosten liegen bei 40 Millionen Euro.',
  ],
  [
    'Landkreis erhöht Zuschuss für die Tafeln',
    'Die Tafeln im Kreis bekommen künftig 120.000 Euro im Jahr. Weitere Hilfen für Ehrenamtliche sind im Haushalt vorgesehen.',
  ],
  [
    'Feuerwehr bekommt zwei neue Drehleitern',
    'Die Fahrzeuge kosten zusammen 1,6 Millionen Euro. Weitere Anschaffungen sind für die Wache Süd vorgesehen.',
  ],
  [
    'Museum für Stadtgeschichte zeigt Ausstellung über die Zünfte',
    'Zu sehen sind 250 Exponate aus fünf Jahrhunderten. Der Eintritt kostet 6 Euro, weitere Führungen sind am Wochenende vorgesehen.',
  ],
  [
    'Radweg an der Bundesstraße 27 wird verbreitert',
    'Auf 3,5 Kilometern entsteht ein Zweirichtungsradweg. Vorgesehen sind 2,1 Millionen Euro, weitere Abschnitte sollen folgen.',
  ],
  [
    'Hochschule richtet Studiengang Pflegewissenschaft ein',
    'Zum Wintersemester starten 60 Studierende. Das Land gibt 900.000 Euro, weitere Professuren sind vorgesehen.',
  ],
  [
    'Kläranlage Nord erhält vierte Reinigungsstufe',
    'Die neue Stufe filtert Arzneimittelreste aus dem Abwasser. Vorgesehen sind 18 Millionen Euro, weitere Anlagen sollen nachgerüstet werden.',
  ],
  [
    'Zoo plant neues Elefantengehege',
    'Die Anlage soll fünfmal so groß werden wie bisher. Der Förderverein sammelt weitere Spenden, vorgesehen sind 12 Millionen Euro.',
  ],
  [
    'Stadtwerke bauen Solarpark auf früherer Deponie',
    'Auf 8 Hektar entstehen Module für 4.000 Haushalte. Investiert werden 7 Millionen Euro, weitere Flächen sind vorgesehen.',
  ],
  [
    'Bibliothek verlängert Öffnungszeiten am Wochenende',
    'Ab März ist die Zentralbibliothek auch sonntags geöffnet. Für Personal sind 180.000 Euro vorgesehen, weitere Filialen könnten folgen.',
  ],
  [
    'Brücke über den Mühlgraben muss abgerissen werden',
    'Gutachter haben Risse im Spannbeton gefunden. Für den Ersatzbau sind 5 Millionen Euro vorgesehen, weitere Brücken werden geprüft.',
  ],
  [
    'Kreisklinik eröffnet Zentrum für Schlaganfallpatienten',
    'Die Station hat 16 Betten und rund um die Uhr einen Neurologen. Weitere Fachärzte werden gesucht, vorgesehen sind 2,8 Millionen Euro.',
  ],
  [
    'Wohnungsbaugesellschaft saniert 300 Altbauwohnungen',
    'Die Mieten sollen danach um höchstens 0,50 Euro je Quadratmeter steigen. Weitere Sanierungen sind bis 2030 vorgesehen.',
  ],
  [
    'Sportverein erhält Kunstrasenplatz',
    'Der TSV Eintracht trainiert künftig ganzjährig. Die Stadt gibt 650.000 Euro, weitere Vereine haben Anträge gestellt, vorgesehen ist ein Platz pro Jahr.',
  ],
  [
    'Gemeinde schafft Elektrobusse für den Nahverkehr an',
    'Ab Dezember fahren 9 Busse elektrisch. Der Bund fördert sie mit 80 Prozent, weitere Fahrzeuge sind vorgesehen, Kosten: 5,4 Millionen Euro.',
  ],
  [
    'Theater renoviert den großen Saal',
    'Die Bühnentechnik stammt aus dem Jahr 1974. Vorgesehen sind 11 Millionen Euro, weitere Vorstellungen finden im Zelt statt.',
  ],
  [
    'Polizei eröffnet Revier im Bahnhofsviertel',
    'In der Wache arbeiten 35 Beamtinnen und Beamte. Der Umbau kostete 1,1 Millionen Euro, weitere Streifen sind vorgesehen.',
  ],
  [
    'Jugendzentrum zieht in die ehemalige Post',
    'Das Gebäude bietet 1.200 Quadratmeter. Die Miete von 4.500 Euro im Monat übernimmt die Stadt, weitere Angebote sind vorgesehen.',
  ],
];

/** Twelve distinct items written with one sentence pattern (as a press office would). */
const PATTERN: [string, string][] = (
  [
    ['Sanierung der Turnhalle Ost beginnt im April', 'Turnhalle Ost'],
    ['Kita Sonnenschein bekommt einen Anbau', 'Kita Sonnenschein'],
    ['Rathausplatz wird neu gepflastert', 'Rathausplatz'],
    ['Friedhofskapelle erhält neues Dach', 'Friedhofskapelle'],
    ['Stadtpark bekommt Spielplatz für Kleinkinder', 'Stadtpark'],
    ['Musikschule zieht ins alte Amtsgericht', 'Musikschule'],
    ['Hallenbad Mitte schließt für Umbau', 'Hallenbad Mitte'],
    ['Marktstraße wird zur Fußgängerzone', 'Marktstraße'],
    ['Gymnasium am Wall erhält neue Fenster', 'Gymnasium am Wall'],
    ['Wertstoffhof erweitert Öffnungszeiten', 'Wertstoffhof'],
    ['Stadtarchiv bekommt ein neues Magazin', 'Stadtarchiv'],
    ['Parkhaus am Bahnhof wird abgerissen', 'Parkhaus am Bahnhof'],
  ] as const
).map(([title, place], i) => [
  title,
  `Wie die Stadtverwaltung am Montag mitteilte, sind für das Vorhaben ${place} weitere ${i + 2} Millionen Euro vorgesehen. Die Arbeiten sollen im Frühjahr beginnen und bis Ende des Jahres abgeschlossen sein.`,
]);

const seeds = (rows: [string, string][], prefix: string): ArticleSeed[] =>
  rows.map(([title, text], i) => ({ id: `${prefix}-${i}`, title, text }));

describe.each(STORE_KINDS)('story clustering on $name', ({ open }) => {
  let ts: TestStore;
  afterEach(async () => {
    await ts?.cleanup();
  });

  it('posts 20 distinct items of one German feed as 20 messages, in every subscribed chat', async () => {
    ts = await open();
    const h = harness(ts);
    const feed = await seedFeed(ts.store, { url: 'https://lokal.example/rss', name: 'Lokalblatt' }, NOW);
    await seedSubscription(ts.store, { chatId: 'a', feedId: feed }, NOW);
    await seedSubscription(ts.store, { chatId: 'b', feedId: feed }, NOW);
    await seedArticles(ts.store, feed, seeds(LOCAL, 'local'), NOW);
    await h.engine.fanOut();
    await h.engine.drain();
    for (const chat of ['a', 'b']) {
      const got = h.pub.delivered.filter((c) => c.chatId === chat).map((c) => c.headlines[0]);
      expect(got.sort()).toEqual(LOCAL.map(([t]) => t).sort());
    }
    expect((await decisions(ts)).filter((d) => d.reason.startsWith('duplicate'))).toEqual([]);
  });

  it('posts 12 items sharing one sentence pattern as 12 messages, from one feed or from two outlets', async () => {
    ts = await open();
    const h = harness(ts);
    const one = await seedFeed(ts.store, { url: 'https://stadt.example/rss', name: 'Stadtanzeiger' }, NOW);
    const left = await seedFeed(ts.store, { url: 'https://links.example/rss', name: 'Westkurier' }, NOW);
    const right = await seedFeed(ts.store, { url: 'https://rechts.example/rss', name: 'Ostkurier' }, NOW);
    await seedSubscription(ts.store, { chatId: 'one', feedId: one }, NOW);
    await seedSubscription(ts.store, { chatId: 'mixed', feedId: left }, NOW);
    await seedSubscription(ts.store, { chatId: 'mixed', feedId: right }, NOW);
    const all = seeds(PATTERN, 'p');
    await seedArticles(ts.store, one, all, NOW);
    await seedArticles(ts.store, left, all.slice(0, 6), NOW);
    await seedArticles(ts.store, right, all.slice(6), NOW);
    await h.engine.fanOut();
    await h.engine.drain();
    const of = (chat: string) => h.pub.delivered.filter((c) => c.chatId === chat).map((c) => c.headlines[0]);
    expect(of('one').sort()).toEqual(PATTERN.map(([t]) => t).sort());
    expect(of('mixed').sort()).toEqual(PATTERN.map(([t]) => t).sort());
  });

  it('folds a near-identical headline update of the same feed into the first report', async () => {
    ts = await open();
    const h = harness(ts);
    const feed = await seedFeed(ts.store, { url: 'https://rhein.example/rss', name: 'Rheinpost' }, NOW);
    await seedSubscription(ts.store, { chatId: 'r', feedId: feed }, NOW);
    await seedArticles(
      ts.store,
      feed,
      [
        {
          id: 'fire-1',
          title: 'Großbrand im Chemiepark Leverkusen: Anwohner sollen Fenster geschlossen halten',
          text: 'Im Chemiepark Leverkusen ist am Morgen ein Feuer ausgebrochen. Die Feuerwehr warnt über die Warn-App.',
        },
        {
          id: 'fire-2',
          title: 'Großbrand im Chemiepark Leverkusen: Anwohner sollen Fenster und Türen geschlossen halten',
          text: 'Das Feuer im Chemiepark brennt weiter. Die Stadt hat die Warnung auf weitere Stadtteile ausgedehnt.',
        },
      ],
      NOW,
    );
    await h.engine.fanOut();
    await h.engine.drain();
    expect(h.pub.delivered).toHaveLength(1);
    expect((await decisions(ts)).map((d) => [d.article, d.status])).toEqual([
      ['fire-1', 'delivered'],
      ['fire-2', 'skipped'],
    ]);
  });

  it('merges one story from two outlets and names the other outlet once, however often it reported', async () => {
    ts = await open();
    const h = harness(ts);
    const a = await seedFeed(ts.store, { url: 'https://a.example/rss', name: 'Nordkurier' }, NOW);
    const b = await seedFeed(ts.store, { url: 'https://b.example/rss', name: 'Südwestpresse' }, NOW);
    await seedSubscription(ts.store, { chatId: 'x', feedId: a }, NOW);
    await seedSubscription(ts.store, { chatId: 'x', feedId: b }, NOW);
    await seedArticles(
      ts.store,
      a,
      [
        {
          id: 'lh-a',
          title: 'Lufthansa streicht im Winter 3.000 Flüge',
          text: 'Die Lufthansa reduziert ihr Angebot im Winterflugplan um rund 3.000 Verbindungen. Grund seien fehlende Piloten und hohe Standortkosten in Deutschland.',
        },
      ],
      NOW,
    );
    await seedArticles(
      ts.store,
      b,
      [
        {
          id: 'lh-b',
          title: 'Winterflugplan: Lufthansa fliegt 3000 Mal weniger',
          text: 'Wegen Personalmangels und hoher Gebühren streicht die Lufthansa in den Wintermonaten etwa 3000 Flüge, wie der Konzern in Frankfurt mitteilte.',
        },
        {
          id: 'lh-b2',
          title: 'Winterflugplan: Lufthansa fliegt 3000 Mal weniger – auch Eurowings betroffen',
          text: 'Wegen Personalmangels streicht die Lufthansa in den Wintermonaten etwa 3000 Flüge. Auch die Tochter Eurowings dünnt ihren Flugplan aus.',
        },
        {
          id: 'other-b',
          title: 'Neuer Intendant für das Staatstheater',
          text: 'Der Stiftungsrat hat einen neuen Intendanten gewählt. Er tritt sein Amt im Herbst an.',
        },
      ],
      NOW,
    );
    await h.engine.fanOut();
    await h.engine.drain();
    expect(h.pub.delivered.map((c) => c.headlines[0])).toEqual([
      'Lufthansa streicht im Winter 3.000 Flüge',
      'Neuer Intendant für das Staatstheater',
    ]);
    expect(h.pub.delivered[0]?.message.alsoReportedBy?.[0]).toEqual([
      { name: 'Südwestpresse', url: `https://news.example/${b}/lh-b` },
    ]);
  });
});
