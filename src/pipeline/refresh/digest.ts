/**
 * The digest of a stored article in a language, one rule for every reader (the delivery's messages and
 * `summary latest`): a stored digest written in that language (rules.storedDigestIn), else the summarizer's,
 * asked for that language (made from the title when the article has no text; not stored: the refresh owns
 * stored digests). Either way it names the feed as its source and carries the article's image.
 */
import type { Kysely } from 'kysely';
import type { Digest, Lang, Summarizer } from '../../domain/types.js';
import type { StoredArticle } from '../../store/articles-repo.js';
import { listDigests } from '../../store/digests-repo.js';
import type { Database } from '../../store/schema.js';
import { articleInput } from '../summarize/article-input.js';
import { digestText, storedDigestIn } from './rules.js';

export async function digestIn(
  db: Kysely<Database>,
  summarizer: Summarizer,
  a: StoredArticle,
  lang: Lang,
  sourceName: string,
  preferred?: string,
): Promise<Digest> {
  const stored = storedDigestIn(await listDigests(db, a.pk), lang, preferred);
  const digest =
    stored ??
    (await summarizer.summarize({
      ...articleInput(a, lang, sourceName),
      text: digestText(a),
      summarizer: preferred,
    }));
  const out: Digest = {
    ...digest,
    articleId: a.id,
    source: { name: sourceName, url: a.url, publishedAt: a.publishedAt },
  };
  if (a.imageUrl && !out.imageUrl) out.imageUrl = a.imageUrl;
  return out;
}
