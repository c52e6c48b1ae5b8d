/** Reads the model's JSON answer into a Digest, trimmed to the digest budget. */
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import type { DetectedLang, Digest, KeyFigure, Lang } from '../../../domain/types.js';
import { guardLang, scanQuantities } from '../guard/index.js';

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

/** Value and bounds are read from the figure's own text; the model's number only fills a gap. */
function toKeyFigure(f: AnswerFigure, ctx: DigestContext): KeyFigure {
  const text = clean(f.text);
  const q = scanQuantities(text, guardLang(ctx.targetLang)).find((x) => x.kind === 'number');
  const modelValue = typeof f.value === 'number' ? f.value : Number.NaN;
  const source = f.source ? clean(f.source) : '';
  const at = source ? ctx.sourceSentences.findIndex((s) => clean(s).includes(source)) : -1;
  return {
    text,
    value: q?.value ?? modelValue,
    ...(q?.valueMax !== undefined ? { valueMax: q.valueMax } : {}),
    unit: clean(f.unit ?? '') || q?.unit || '',
    qualifier: clean(f.qualifier ?? ''),
    sentenceIndex: Math.max(0, at),
    ...(at >= 0 ? { sourceText: source } : {}),
  };
}
