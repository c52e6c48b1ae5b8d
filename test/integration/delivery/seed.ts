/** Seeding helpers for delivery tests: feeds, announced articles with digests, channels and subscriptions. */
import type { Digest, Filters, Lang, Platform } from '../../../src/domain/types.js';
import type { Store } from '../../../src/store/db.js';
import type { StoredArticle } from '../../../src/store/articles-repo.js';
import { addFeed } from '../../../src/store/feeds-repo.js';
import { saveRefresh } from '../../../src/store/refresh-write.js';
import { subscribe } from '../../../src/store/subscriptions-repo.js';

export async function seedFeed(
  store: Store,
  o: { url: string; name: string; language?: Lang; tags?: string[] },
  now: number,
): Promise<number> {
  const { feed } = await addFeed(
    store.db,
    {
      url: o.url,
      name: o.name,
      language: o.language ?? 'de',
      tags: o.tags ?? [],
      intervalMinutes: 10,
      fullText: false,
    },
    now,
  );
  return feed.id;
}

export interface ArticleSeed {
  id: string;
  title: string;
  text: string;
  url?: string;
  language?: Lang;
  publishedAt?: number;
  withDigest?: boolean;
}

export function digestOf(a: ArticleSeed, lang: Lang): Digest {
  return {
    articleId: a.id,
    language: lang,
    headline: a.title,
    sentences: [a.text.split('. ')[0] ?? a.text],
    keyFigures: [],
    source: { url: a.url },
    summarizer: 'extractive',
    translated: false,
  };
}

export async function seedArticles(
  store: Store,
  feedId: number,
  items: ArticleSeed[],
  now: number,
): Promise<StoredArticle[]> {
  return saveRefresh(store.db, {
    feedId,
    now,
    state: { nextCheckAt: now + 600_000, health: 'ok', errorCount: 0, lastCheckedAt: now, initialized: true },
    articles: items.map((a) => {
      const url = a.url ?? `https://news.example/${feedId}/${a.id}`;
      const language = a.language ?? 'de';
      return {
        id: a.id,
        feedId,
        url,
        canonicalUrl: url,
        title: a.title,
        text: a.text,
        language,
        publishedAt: a.publishedAt ?? now,
        announce: true,
        digests: a.withDigest === false ? [] : [digestOf({ ...a, url }, language)],
      };
    }),
  });
}

export async function seedSubscription(
  store: Store,
  o: {
    platform?: Platform;
    chatId: string;
    feedId?: number;
    tag?: string;
    language?: Lang;
    mode?: 'instant' | 'digest';
    filters?: Filters;
    maxItems?: number;
  },
  now: number,
) {
  const target =
    o.tag !== undefined
      ? { kind: 'tag' as const, tag: o.tag }
      : { kind: 'feed' as const, feedId: o.feedId ?? 0 };
  const { subscription } = await subscribe(
    store.db,
    { platform: o.platform ?? 'telegram', chatId: o.chatId },
    {
      target,
      language: o.language ?? 'de',
      mode: o.mode ?? 'instant',
      cron: '0 7 * * *',
      timezone: 'Europe/Berlin',
      filters: o.filters,
      maxItems: o.maxItems,
      createdBy: 'test',
    },
    now,
  );
  return subscription;
}
