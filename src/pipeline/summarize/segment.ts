/**
 * Sentence segmentation for German and English news: abbreviations, ordinals and dates, numbers with
 * separators, quotes, ellipses, headlines and datelines without final punctuation, paragraph breaks.
 */
import type { DetectedLang } from '../../domain/types.js';
import { ABBREVIATIONS, FINAL_ABBREVIATIONS, isSentenceStarter, MONTH_WORDS } from './segment-lexicon.js';

export interface SentenceSpan {
  /** Sentence text with whitespace runs collapsed to one space. */
  text: string;
  /** Offsets in the input. */
  start: number;
  end: number;
}

const CLOSERS = '"\'”’“»«›‹)\\]';
const CANDIDATE = new RegExp(`(\\.{3}|…|[.!?]+)([${CLOSERS}]*)(\\s+)`, 'gu');
const OPENER = /^[\p{Lu}\p{N}"'„“‚‘»«([¿¡–-]/u;
const DATELINE =
  /^[\p{Lu}][\p{L} ./-]{1,40}\s?\((?:dpa|AFP|Reuters|AP|APA|KNA|epd|dts|sid|rtr|CNN|AFP\/dpa|dpa\/AFP)[^)]{0,20}\)\s?[-–—:]\s+/u;
const TERMINAL = /[.!?…:;"'”“»«)]\s*$/u;

export function segmentSentences(text: string, lang: DetectedLang): string[] {
  return segmentSpans(text, lang).map((s) => s.text);
}

export function segmentSpans(text: string, lang: DetectedLang): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  for (const block of blocks(text)) {
    let start = block.start;
    const dateline = DATELINE.exec(text.slice(block.start, block.end));
    if (dateline) {
      push(out, text, start, start + dateline[0].length);
      start += dateline[0].length;
    }
    for (const cut of boundaries(text, start, block.end, lang)) {
      push(out, text, start, cut);
      start = cut;
    }
    push(out, text, start, block.end);
  }
  return out;
}

function push(out: SentenceSpan[], text: string, start: number, end: number): void {
  const raw = text.slice(start, end);
  const normalized = raw.replace(/\s+/g, ' ').trim();
  if (normalized === '') return;
  const lead = raw.length - raw.trimStart().length;
  const trail = raw.length - raw.trimEnd().length;
  out.push({ text: normalized, start: start + lead, end: end - trail });
}

/** Paragraphs and lines; a line without final punctuation followed by a lower-case line is a hard wrap. */
function blocks(text: string): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  const re = /[^\n]+/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].trim() === '') continue;
    const prev = lines[lines.length - 1];
    const joined = prev && text.slice(prev.end, m.index) === '\n' && isHardWrap(text, prev, m[0]);
    if (joined) prev.end = m.index + m[0].length;
    else lines.push({ start: m.index, end: m.index + m[0].length });
  }
  return lines;
}

function isHardWrap(text: string, prev: { start: number; end: number }, next: string): boolean {
  return !TERMINAL.test(text.slice(prev.start, prev.end)) && /^\s*\p{Ll}/u.test(next);
}

/** Offsets (after the whitespace) where a new sentence starts inside [from, to). */
function boundaries(text: string, from: number, to: number, lang: DetectedLang): number[] {
  const cuts: number[] = [];
  const re = CANDIDATE;
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
    const next = m.index + m[0].length;
    if (next >= to) break;
    if (isBoundary(text, m.index, m[1]!, next, lang)) cuts.push(next);
  }
  return cuts;
}

function isBoundary(text: string, at: number, punct: string, next: number, lang: DetectedLang): boolean {
  const after = text.slice(next, next + 40);
  if (!OPENER.test(after)) return false;
  if (punct !== '.') return true;
  const token = tokenBefore(text, at);
  // "It's." — a letter after an apostrophe is the end of a word, not an initial
  if (/^\p{L}$/u.test(token) && /['’]/u.test(text[at - 2] ?? '')) return true;
  const nextWord = /^[„“"'‚‘»«(]*([\p{L}\p{N}]+)/u.exec(after)?.[1] ?? '';
  return periodEndsSentence(token, nextWord, lang);
}

/** Letters, digits and inner dots right before position `at` ("z.B", "U.S", "1.500", "Dr"). */
function tokenBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && /[\p{L}\p{N}.]/u.test(text[i - 1]!)) i--;
  return text.slice(i, at);
}

function periodEndsSentence(token: string, nextWord: string, lang: DetectedLang): boolean {
  const lower = token.toLowerCase();
  if (token === '') return true;
  if (/^\p{L}$/u.test(token)) return false; // initials and spaced abbreviations: "z. B.", "John F. Kennedy"
  if (FINAL_ABBREVIATIONS.has(lower)) return isSentenceStarter(nextWord);
  if (ABBREVIATIONS.has(lower)) return false;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(token)) return isSentenceStarter(nextWord); // "U.S", "e.g" unknown dotted forms
  if (/^\d{1,3}$/.test(token) && lang !== 'en') {
    // German ordinal ("am 3. Oktober", "im 20. Jahrhundert") unless a typical sentence opener follows
    return !MONTH_WORDS.has(nextWord.toLowerCase()) && isSentenceStarter(nextWord);
  }
  return true;
}
