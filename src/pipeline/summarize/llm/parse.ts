/** Reads the model's JSON answer into a Digest, trimmed to the digest budget. */
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import type { DetectedLang, Digest, KeyFigure, Lang } from '../../../domain/types.js';
import { type GuardQuantity, guardLang, scanQuantities } from '../guard/index.js';
import { sameValue } from '../guard/numbers.js';

const answerSchema = z.object({
  headline: z.string().optional().nullable(),
  sentences: z.array(z.string()).min(1),
  keyFigures: z
    .array(
      z.object({
        text: z.string(),
        value: z.union([z.number(), z.string()]).optional().nullable(),
        unit: z.string().optional().nullable(),
        qualifier: z.string().optional().nullable(),
        source: z.string().optional().nullable(),
      }),
    )
    .optional()
    .nullable(),
});

export type LlmAnswer = z.infer<typeof answerSchema>;

/** The JSON object in a model reply (tolerates code fences and text around it). */
export function parseAnswer(content: string): LlmAnswer {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) throw new AppError('llm.bad_response', 'no JSON object in the reply');
  let json: unknown;
  try {
    json = JSON.parse(content.slice(start, end + 1));
  } catch {
    throw new AppError('llm.bad_response', 'the reply is not valid JSON');
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) throw new AppError('llm.bad_response', 'the reply misses "sentences"');
  return parsed.data;
}

export interface DigestContext {
  targetLang: Lang;
  sourceLang: DetectedLang;
  title?: string;
  /** The article's sentences, to locate each figure's source phrase. */
  sourceSentences: string[];
  maxSentences: number;
  maxChars: number;
  maxFigures: number;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** First sentences within the sentence and character budget (the first is always kept). */
export function withinBudget(sentences: string[], maxSentences: number, maxChars: number): string[] {
  const out: string[] = [];
  let chars = 0;
  for (const s of sentences.map(clean).filter((x) => x !== '')) {
    if (out.length >= maxSentences || (out.length > 0 && chars + s.length > maxChars)) break;
    out.push(s);
    chars += s.length + 1;
  }
  return out;
}

export function answerToDigest(a: LlmAnswer, ctx: DigestContext): Omit<Digest, 'source' | 'summarizer'> {
  const sentences = withinBudget(a.sentences, ctx.maxSentences, ctx.maxChars);
  if (sentences.length === 0) throw new AppError('llm.bad_response', 'the reply has no sentences');
  const figures = (a.keyFigures ?? []).filter((f) => clean(f.text) !== '').slice(0, ctx.maxFigures);
  return {
    language: ctx.targetLang,
    requestedLanguage: ctx.targetLang,
    headline: clean(a.headline ?? '') || ctx.title || sentences[0]!,
    sentences,
    keyFigures: figures.map((f) => toKeyFigure(f, ctx)),
    translated: ctx.sourceLang !== ctx.targetLang,
    generated: true,
  };
}

type AnswerFigure = NonNullable<LlmAnswer['keyFigures']>[number];

/**
 * Value, bounds and qualifier are read from the figure's own text; the model's fields only fill gaps.
 * The sentence is the one holding the quoted source phrase, else the first holding the same value.
 */
function toKeyFigure(f: AnswerFigure, ctx: DigestContext): KeyFigure {
  const text = clean(f.text);
  const q = scanQuantities(text, guardLang(ctx.targetLang)).find((x) => x.kind === 'number');
  const value = q?.value ?? (typeof f.value === 'number' ? f.value : Number.NaN);
  const source = f.source ? clean(f.source) : '';
  const quoted = source ? ctx.sourceSentences.findIndex((s) => clean(s).includes(source)) : -1;
  const at = quoted >= 0 ? quoted : sentenceWithValue(ctx, value);
  return {
    text,
    value,
    ...(q?.valueMax !== undefined ? { valueMax: q.valueMax } : {}),
    unit: clean(f.unit ?? '') || q?.unit || '',
    qualifier: (q && qualifierOf(q)) || clean(f.qualifier ?? ''),
    sentenceIndex: Math.max(0, at),
    ...(quoted >= 0 ? { sourceText: source } : {}),
  };
}

/** The qualifier words in front of the number ("up to" in "up to 12,000 soldiers"). */
function qualifierOf(q: GuardQuantity): string {
  if (q.qualifier === 'exact' || q.qualifier === 'range') return '';
  const at = q.text.search(/[\d$€£¥]/);
  return at > 0 ? clean(q.text.slice(0, at)) : '';
}

function sentenceWithValue(ctx: DigestContext, value: number): number {
  if (!Number.isFinite(value)) return -1;
  const lang = guardLang(ctx.sourceLang);
  return ctx.sourceSentences.findIndex((s) =>
    scanQuantities(s, lang).some(
      (x) => sameValue(x.value, value) || sameValue(x.valueMax ?? Number.NaN, value),
    ),
  );
}
