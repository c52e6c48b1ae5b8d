/** Load the feed catalog (FEEDS_DIR) into the store: the start-up step of `start` and `poll`. */
import type { Kysely } from 'kysely';
import type { Config } from '../config/index.js';
import { type CatalogFeed, type CatalogProblem, loadCatalog } from '../pipeline/catalog/index.js';
import { type NewFeed, retireCatalogFeeds, upsertCatalogFeeds } from '../store/feeds-repo.js';
import type { Database } from '../store/schema.js';

type CatalogConfig = Pick<Config, 'FEEDS_DIR' | 'POLL_INTERVAL_MINUTES' | 'FULL_TEXT'>;

/** A catalog entry with the defaults (interval, full text) from the config filled in. */
export function catalogToNewFeed(f: CatalogFeed, c: Omit<CatalogConfig, 'FEEDS_DIR'>): NewFeed {
  return {
    url: f.url,
    name: f.name,
    language: f.language,
    tags: f.tags,
    intervalMinutes: f.interval ?? c.POLL_INTERVAL_MINUTES,
    fullText: f.fullText ?? c.FULL_TEXT,
  };
}

export interface CatalogSync {
  feeds: NewFeed[];
  errors: CatalogProblem[];
  /** Feeds new to the store (0 on a dry run). */
  added: number;
  /** Catalog feeds no longer in the catalog: retired (not polled) or, where a chat added them, admin feeds. */
  retired: number;
  adopted: number;
}

/**
 * Read the catalog; unless `dryRun`, insert new feeds and update known ones, and retire catalog feeds that are
 * no longer in it. Invalid entries are reported, not fatal; while the catalog has any problem nothing is retired
 * (a typo must not silently stop a feed).
 */
export async function syncCatalog(
  db: Kysely<Database>,
  config: CatalogConfig,
  now: number,
  dryRun = false,
): Promise<CatalogSync> {
  const catalog = loadCatalog(config.FEEDS_DIR);
  const feeds = catalog.feeds.map((f) => catalogToNewFeed(f, config));
  if (dryRun) return { feeds, errors: catalog.errors, added: 0, retired: 0, adopted: 0 };
  const { added } = await upsertCatalogFeeds(db, feeds, now);
  const gone =
    catalog.errors.length === 0
      ? await retireCatalogFeeds(
          db,
          feeds.map((f) => f.url),
        )
      : { retired: 0, adopted: 0 };
  return { feeds, errors: catalog.errors, added, ...gone };
}
