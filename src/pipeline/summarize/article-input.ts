import type { Article, Lang, SummarizeInput } from '../../domain/types.js';

/** The summarizer input for a stored article, asked for in `lang`, with its feed as the source. */
export function articleInput(a: Article, lang: Lang, sourceName?: string): SummarizeInput {
  return {
    text: a.text,
    title: a.title,
    url: a.url,
    lang: a.language === 'und' ? undefined : a.language,
    targetLang: lang,
    articleId: a.id,
    source: { name: sourceName, url: a.url, publishedAt: a.publishedAt },
  };
}
