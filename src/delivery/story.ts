/**
 * Near-duplicate detection of news stories across outlets, German and English: a story key holds the normalized
 * tokens of the title apart from those of the lead (numbers and dates joined, number words read as digits,
 * diacritics folded, stop words dropped, a few common news words mapped to one bilingual form, light suffix
 * stemming). Across outlets, two keys are the same story when the headlines carry the evidence (see
 * compareStories); within one feed only near-identical headlines are (see sameFeedUpdate).
 */

const STOP = new Set(
  (
    'der die das den dem des ein eine einer eines einem einen und oder aber auch als am an auf aus bei bis durch ' +
    'für gegen im in ins ist sind war wird werden wurde wurden hat haben hatte mit nach nicht noch nun nur ob ' +
    'sich sie er es wir ihr ihre sein seine so um unter über vom von vor was wie zu zum zur dass mehr neue neuen ' +
    'the a an and or but also as at by for from in into is are was were be been being has have had it its of on ' +
    'to with not no new after before over under this that these those will would can could says said than more ' +
    // pronouns and function words that carry no topic
    'we our us you your i my me he she him his her they them their there here what which who whom when where why ' +
    'how all any some about up out just if do does did so too very only then now one ' +
    'ich du wir uns unser unsere man dieser diese dieses jetzt hier dort wenn weil doch schon sehr kann ' +
    'können soll sollen will wollen muss müssen kein keine alle viele etwa rund bei wird'
  ).split(' '),
);

/** Number words (two to twelve, English and German) read as digits: "drei Tote" and "3 dead" meet. */
const NUMBER_WORDS: Record<string, string> = {
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  zwei: '2',
  drei: '3',
  vier: '4',
  fünf: '5',
  sechs: '6',
  sieben: '7',
  acht: '8',
  neun: '9',
  zehn: '10',
  elf: '11',
  zwölf: '12',
};

/** A few frequent news words, German and English, mapped to one form so cross-language stories meet. */
const BILINGUAL: Record<string, string> = {
  deutschland: 'germany',
  deutsche: 'german',
  deutschen: 'german',
  deutscher: 'german',
  regierung: 'government',
  bundesregierung: 'government',
  kanzler: 'chancellor',
  bundeskanzler: 'chancellor',
  präsident: 'president',
  prasident: 'president',
  millionen: 'million',
  millions: 'million',
  milliarden: 'billion',
  milliarde: 'billion',
  billions: 'billion',
  prozent: 'percent',
  euros: 'euro',
  stellen: 'jobs',
  arbeitsplätze: 'jobs',
  arbeitsplatze: 'jobs',
  krieg: 'war',
  wahl: 'election',
  wahlen: 'election',
  streik: 'strike',
  polizei: 'police',
  gericht: 'court',
  zinsen: 'rates',
  zins: 'rates',
  leitzins: 'rates',
  inflation: 'inflation',
  ukraine: 'ukraine',
  russland: 'russia',
  china: 'china',
  frankreich: 'france',
  europäische: 'european',
  europaische: 'european',
  eu: 'eu',
  usa: 'us',
  erdbeben: 'earthquake',
  tote: 'dead',
  toten: 'dead',
  verletzte: 'injured',
  ezb: 'ecb',
  bayern: 'bavaria',
  hochwasser: 'flood',
  flooding: 'flood',
  floods: 'flood',
  donau: 'danube',
  meter: 'metre',
  metern: 'metre',
  metres: 'metre',
  meters: 'metre',
  regen: 'rain',
  aktie: 'shares',
  aktien: 'shares',
  umsatz: 'revenue',
  tarifverhandlungen: 'wage talks',
  mindestlohn: 'minimum wage',
};

const SUFFIXES = ['ungen', 'ung', 'ern', 'en', 'er', 'es', 'ing', 'ed', 'e', 's', 'n'];

function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

function joinNumbers(s: string): string {
  // 35.000 / 35,000 / 35 000 → 35000 ; 3,5 / 3.5 → 3_5
  let out = s.replace(/(\d)[.,'’\u00a0 ](?=\d{3}\b)/g, '$1');
  out = out.replace(/(\d)[.,'’\u00a0 ](?=\d{3}\b)/g, '$1');
  out = out.replace(/(\d)[.,](\d)/g, '$1_$2');
  // a date or a code written with dashes or slashes (04-20-2010, 06/02/2015) is one token: it names one thing
  return out.replace(/\b\d+(?:[-/]\d+)+\b/g, (m) => m.replace(/[-/]/g, '_'));
}

function stem(token: string): string {
  if (/^\d/.test(token)) return token;
  for (const suf of SUFFIXES) {
    if (token.length - suf.length >= 4 && token.endsWith(suf)) return token.slice(0, -suf.length);
  }
  return token;
}

/** Normalized tokens of a text (title or lead). */
export function storyTokens(text: string): string[] {
  const words = joinNumbers(text.toLowerCase()).split(/[^\p{L}\p{N}_]+/u);
  const out: string[] = [];
  for (const w of words) {
    if (w === '' || STOP.has(w)) continue;
    const mapped = NUMBER_WORDS[w] ?? BILINGUAL[w] ?? w;
    const folded = fold(mapped);
    if (folded.length < 3 && !/^\d/.test(folded)) continue;
    out.push(stem(BILINGUAL[folded] ?? folded));
  }
  return out;
}

const isNumber = (t: string) => /^\d/.test(t);

/**
 * The story key of an article: the distinct tokens of its title, a `|`, then the distinct tokens of the start of
 * its text that are not in the title. The title is kept apart because it carries the evidence of a story.
 */
export function storyKey(title: string, text: string, leadChars = 280): string {
  const head = new Set(storyTokens(title));
  const lead = new Set(storyTokens(text.slice(0, leadChars)).filter((t) => !head.has(t)));
  return `${[...head].join(' ')}|${[...lead].join(' ')}`;
}

interface Parsed {
  title: Set<string>;
  all: Set<string>;
}

function parseKey(key: string): Parsed {
  const bar = key.indexOf('|');
  // a key stored before titles were kept apart has no title part: it carries no title evidence
  const head = bar < 0 ? '' : key.slice(0, bar);
  const rest = bar < 0 ? key : key.slice(bar + 1);
  const title = new Set(head.split(' ').filter(Boolean));
  const all = new Set([...title, ...rest.split(' ').filter(Boolean)]);
  return { title, all };
}

/**
 * What the other recent stories of a chat say about words: a word found in many of them (an outlet's series
 * name, "Euro", "Prozent") is weak evidence that two items tell the same story. Built from story keys.
 */
export interface StoryContext {
  size: number;
  df: Map<string, number>;
}

export function storyContext(keys: Iterable<string>): StoryContext {
  const df = new Map<string, number>();
  let size = 0;
  for (const k of keys) {
    size++;
    for (const t of parseKey(k).all) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return { size, df };
}

/** Context needed before word rarity is used; below it every word weighs 1. */
const CONTEXT_MIN = 30;
/** A word in at most this share of the context's stories (and at least in 2) is rare and weighs 1. */
const RARE_SHARE = 0.003;

/** Weight of a token, 0..1: 1 when it is rare among the context's stories (or there is too little context). */
function weight(ctx: StoryContext | undefined, t: string): number {
  if (!ctx || ctx.size < CONTEXT_MIN) return 1;
  const d = ctx.df.get(t) ?? 0;
  const rare = Math.max(2, RARE_SHARE * ctx.size);
  return d <= rare ? 1 : Math.max(0, Math.log(ctx.size / d) / Math.log(ctx.size / rare));
}

/** Thresholds of the rule (chosen with bench/stories.ts; see the README for the figures). */
const MIN_TITLE_SHARED = 1;
/** Weighted headline words explained by the other article… */
const MIN_EVIDENCE = 3.5;
const MIN_COVERAGE = 0.4;
/** …or this many (weighted) words that both headlines have. */
const MIN_TITLES_ONLY = 3;
const MIN_TITLES_COVERAGE = 0.5;

export interface StoryMatch {
  same: boolean;
  /** Weighted title tokens of either side found in the other article (title or lead). */
  shared: number;
  /** Mean weighted coverage of the two titles by the other article. */
  score: number;
}

function overlap(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((t) => b.has(t));
}

/**
 * Each title has a number the other article does not contain at all (part 2 / part 3, 2017 / 2018, v1.04 /
 * v1.51): two instalments or two events, not one story told twice.
 */
function numbersConflict(a: Parsed, b: Parsed): boolean {
  const missing = (x: Parsed, y: Parsed) => [...x.title].some((t) => isNumber(t) && !y.all.has(t));
  return missing(a, b) && missing(b, a);
}

/**
 * Same story across outlets? The evidence has to be carried by the headlines: the two titles share words, each
 * title is mostly explained by the other article (title or lead), and the numbers of the titles do not
 * disagree. Words count by how rare they are among the chat's recent stories. Words shared only by the
 * leads (common phrasing) never count.
 */
export function compareStories(a: string, b: string, ctx?: StoryContext): StoryMatch {
  const A = parseKey(a);
  const B = parseKey(b);
  if (A.title.size === 0 || B.title.size === 0) return { same: false, shared: 0, score: 0 };
  const w = (ts: Iterable<string>) => {
    let s = 0;
    for (const t of ts) s += weight(ctx, t);
    return s;
  };
  const inA = overlap(A.title, B.all);
  const inB = overlap(B.title, A.all);
  const both = w(overlap(A.title, B.title));
  const covA = w(inA) / Math.max(w(A.title), 1);
  const covB = w(inB) / Math.max(w(B.title), 1);
  const score = (covA + covB) / 2;
  const shared = w(new Set([...inA, ...inB]));
  const same =
    both >= MIN_TITLE_SHARED &&
    ((shared >= MIN_EVIDENCE && score >= MIN_COVERAGE) ||
      (both >= MIN_TITLES_ONLY && score >= MIN_TITLES_COVERAGE)) &&
    !numbersConflict(A, B);
  return { same, shared: Math.round(shared * 100) / 100, score: Math.round(score * 100) / 100 };
}

/**
 * Two items of the same feed are one story only when their headlines are near-identical (an update of the
 * same report): most title tokens equal, and at least three of them.
 */
export function sameFeedUpdate(a: string, b: string): boolean {
  const A = parseKey(a).title;
  const B = parseKey(b).title;
  const both = overlap(A, B).length;
  const union = A.size + B.size - both;
  return both >= 3 && union > 0 && both / union >= 0.8;
}
