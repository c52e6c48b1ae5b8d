/**
 * Near-duplicate detection of news stories across outlets, German and English: a story key is the set of
 * normalized tokens of the title and lead (numbers joined, diacritics folded, stop words dropped, a few common
 * news words mapped to one bilingual form, light suffix stemming). Two keys are the same story when they share
 * enough tokens relative to the shorter one. Names and numbers carry cross-language matches.
 */

const STOP = new Set(
  (
    'der die das den dem des ein eine einer eines einem einen und oder aber auch als am an auf aus bei bis durch ' +
    'für gegen im in ins ist sind war wird werden wurde wurden hat haben hatte mit nach nicht noch nun nur ob ' +
    'sich sie er es wir ihr ihre sein seine so um unter über vom von vor was wie zu zum zur dass mehr neue neuen ' +
    'the a an and or but also as at by for from in into is are was were be been being has have had it its of on ' +
    'to with not no new after before over under this that these those will would can could says said than more'
  ).split(' '),
);

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
  return out.replace(/(\d)[.,](\d)/g, '$1_$2');
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
    const mapped = BILINGUAL[w] ?? w;
    const folded = fold(mapped);
    if (folded.length < 3 && !/^\d/.test(folded)) continue;
    out.push(stem(BILINGUAL[folded] ?? folded));
  }
  return out;
}

/** The story key of an article: distinct tokens of its title and the start of its text. */
export function storyKey(title: string, text: string, leadChars = 280): string {
  const tokens = new Set([...storyTokens(title), ...storyTokens(text.slice(0, leadChars))]);
  return [...tokens].join(' ');
}

export interface StoryMatch {
  same: boolean;
  shared: number;
  score: number;
}

/** Compare two story keys: shared tokens over the smaller key, with a minimum of shared tokens. */
export function compareStories(a: string, b: string): StoryMatch {
  const A = new Set(a.split(' ').filter(Boolean));
  const B = new Set(b.split(' ').filter(Boolean));
  if (A.size === 0 || B.size === 0) return { same: false, shared: 0, score: 0 };
  let shared = 0;
  let numbers = 0;
  for (const t of A) {
    if (!B.has(t)) continue;
    shared++;
    if (/^\d/.test(t)) numbers++;
  }
  const score = shared / Math.min(A.size, B.size);
  const same = (shared >= 4 && score >= 0.4) || (shared >= 3 && numbers >= 1 && score >= 0.3);
  return { same, shared, score };
}
