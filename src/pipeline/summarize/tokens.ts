/** Content-word tokens for sentence scoring: lower-case, stopwords removed, light suffix stripping. */
import type { DetectedLang } from '../../domain/types.js';

const STOP_DE = new Set(
  (
    'aber alle allem allen aller alles als also am an ans auch auf aus bei beim bin bis bist da dabei damit dann ' +
    'das dass dem den denn der des dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine ' +
    'einem einen einer eines er es etwa euch für gegen hat hatte hatten haben habe hier ich ihm ihn ihr ihre ihrem ' +
    'ihren im in ins ist ja jedoch jetzt kann kein keine können könnte man mehr mit muss nach nicht noch nun nur ob ' +
    'oder ohne schon sehr sei sein seine seinem seinen seiner seit sich sie sind so soll sollen sowie über um und ' +
    'uns unter vom von vor war waren was weil wenn werden wie wieder wir wird wurde wurden zu zum zur zwar zwischen ' +
    'laut sagte sagt heißt hieß gibt gab bereits sowie wo wer welche welcher welches'
  ).split(' '),
);
const STOP_EN = new Set(
  (
    'a about after all also an and any are as at be been before being but by can could did do does for from had ' +
    'has have he her here hers him his how i if in into is it its just me more most my no not now of on one only ' +
    'or other our out over said says she so some such than that the their them then there these they this those ' +
    'through to too under up us was we were what when where which while who whom why will with would you your ' +
    'told according after yesterday last year new'
  ).split(' '),
);

export function isStopword(word: string, lang: DetectedLang): boolean {
  if (lang === 'de') return STOP_DE.has(word);
  if (lang === 'en') return STOP_EN.has(word);
  return STOP_DE.has(word) || STOP_EN.has(word);
}

/** Crude stemmer: enough to match "Soldaten"/"Soldat", "troops"/"troop", "trained"/"training". */
export function stem(word: string, lang: DetectedLang): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  if (lang === 'en') return word.replace(/(?:ing|ed|es|s)$/, '');
  return word.replace(/(?:ern|en|er|es|em|e|n|s)$/, '');
}

/** Content tokens of a sentence (numbers kept as written without separators). */
export function contentTokens(text: string, lang: DetectedLang): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+(?:[.,]\d+)*/gu) ?? []) {
    if (raw.length < 2 || isStopword(raw, lang)) continue;
    out.push(/^\d/.test(raw) ? raw.replace(/[.,]/g, '') : stem(raw, lang));
  }
  return out;
}

export type Bag = Map<string, number>;

export function bagOf(tokens: readonly string[]): Bag {
  const bag: Bag = new Map();
  for (const t of tokens) bag.set(t, (bag.get(t) ?? 0) + 1);
  return bag;
}

export function cosine(a: Bag, b: Bag): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, x] of a) {
    na += x * x;
    const y = b.get(t);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export function norm(a: Bag): number {
  let n = 0;
  for (const x of a.values()) n += x * x;
  return Math.sqrt(n);
}

/** Dot product; iterates the smaller bag. */
export function dot(a: Bag, b: Bag): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let d = 0;
  for (const [t, x] of small) {
    const y = large.get(t);
    if (y !== undefined) d += x * y;
  }
  return d;
}
