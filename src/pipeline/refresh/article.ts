/**
 * One item as the article to store, by the rules in ./rules.ts: its text (the feed's, or its page's full text
 * when the feed gives only a teaser), its title, and the summarizer input of its digest. The refresh's "enrich"
 * step and `feeds test` (the preview of the next post) use the same functions.
 */
import { toErrorInfo } from '../../domain/errors.js';
import type { Lang, SummarizeInput } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import type { ArticleInput } from '../../store/articles-repo.js';
import type { StoredFeed } from '../../store/feeds-repo.js';
import type { Candidate } from './candidates.js';
import type { NewItem } from './decide.js';
import type { PageRead, PageResult } from './ports.js';
import { articleText, articleTitle, digestText, feedTextOf, type PageArticle, wantsPage } from './rules.js';

/** An item after the decide step: new, announced or not, with the parse worker's digest when it made one. */
export type Decided = NewItem<Candidate['item']> & Pick<Candidate, 'digest'>;

export type ArticleFeed = Pick<StoredFeed, 'id' | 'name' | 'language' | 'fullText'>;

/** The page to read for an item: announced, and the feed gives only a teaser (see rules.wantsPage). */
export function pageUrlOf(feed: ArticleFeed, it: Decided): string | undefined {
  return it.announce && wantsPage(feed.fullText, it.url, feedTextOf(it.item)) ? it.url : undefined;
}

/** The page when it could be read; when not, the feed text is used and the reason logged. */
export function usablePage(log: Logger, url: string, r: PageResult | undefined): PageRead | undefined {
  if (r?.ok) return r.page;
  log.debug({ url, code: toErrorInfo(r?.error).code }, 'full text unavailable, using the feed text');
  return undefined;
}

/** The article to store for an item, given its page when one was read (`fromPage`: the text is the page's). */
export function articleOf(
  feed: ArticleFeed,
  it: Decided,
  page: PageArticle | undefined,
): { article: ArticleInput; fromPage: boolean } {
  const body = articleText(feedTextOf(it.item), page);
  const article: ArticleInput = {
    id: it.id,
    feedId: feed.id,
    url: it.url || it.canonicalUrl,
    canonicalUrl: it.canonicalUrl,
    title: articleTitle(it.item.title, body.text, body.title),
    publishedAt: it.item.publishedAt,
    text: body.text,
    language: feed.language,
    imageUrl: it.item.imageUrl ?? body.imageUrl,
    author: it.item.author,
    announce: it.announce,
  };
  return { article, fromPage: body.fromPage };
}

/**
 * The summarizer input of an article of `feed`: in the feed's language, with the feed as the source; `targetLang`
 * for a preview in a chat's language; `keyed`: the article id keys the summary cache (stored articles only).
 */
export function summaryInput(
  feed: ArticleFeed,
  a: ArticleInput,
  opts: { targetLang?: Lang; keyed: boolean },
): SummarizeInput {
  return {
    text: digestText(a),
    title: a.title,
    url: a.url,
    lang: feed.language,
    ...(opts.targetLang ? { targetLang: opts.targetLang } : {}),
    ...(opts.keyed ? { articleId: a.id } : {}),
    source: { name: feed.name, url: a.url, publishedAt: a.publishedAt },
  };
}
