/**
 * Translation of an extractive digest (headline, sentences, figure units and qualifiers) into the requested
 * language through a LibreTranslate-compatible backend. The figure guard then checks the translation.
 */
import type { Digest, KeyFigure, Lang } from '../../../domain/types.js';
import { type GuardResult, guardDigest } from '../guard/index.js';
import type { Translator } from './client.js';
import { translateQualifier } from './qualifiers.js';

export { createTranslator, type Translator, type TranslatorOptions } from './client.js';

export interface TranslateSource {
  text: string;
  title?: string;
  lang: Lang;
}

/** Translate `d` (written in `source.lang`) into `target` and guard the result against the article. */
export async function translateDigest(
  d: Digest,
  target: Lang,
  source: TranslateSource,
  translator: Translator,
): Promise<GuardResult> {
  const figures = d.keyFigures;
  const batch = [d.headline, ...d.sentences, ...figures.map((f) => f.text), ...figures.map((f) => f.unit)];
  const slots = batch.map((s, i) => ({ s, i })).filter((x) => x.s.trim() !== '');
  const done = await translator.translate(
    slots.map((x) => x.s),
    source.lang,
    target,
  );
  const out = [...batch];
  slots.forEach((x, k) => {
    out[x.i] = done[k] ?? x.s;
  });
  const n = d.sentences.length;
  const m = figures.length;
  const translated: Digest = {
    ...d,
    language: target,
    requestedLanguage: target,
    headline: out[0] ?? d.headline,
    sentences: out.slice(1, 1 + n),
    keyFigures: figures.map((f, i) =>
      translateFigure(f, out[1 + n + i], out[1 + n + m + i], source.lang, target),
    ),
    translated: true,
  };
  delete translated.note;
  return guardDigest(translated, { text: source.text, title: source.title, lang: source.lang });
}

function translateFigure(
  f: KeyFigure,
  text: string | undefined,
  unit: string | undefined,
  from: Lang,
  to: Lang,
): KeyFigure {
  return {
    ...f,
    text: text ?? f.text,
    unit: unit ?? f.unit,
    qualifier: translateQualifier(f.qualifier, from, to),
    sourceText: f.sourceText ?? f.text,
  };
}
