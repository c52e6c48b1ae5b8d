/** Versioned migrations, applied in name order at start. Never edit a landed migration; add a new one. */
import type { Migration } from 'kysely';
import * as m001 from './001_feeds.js';
import * as m002 from './002_subscriptions.js';
import * as m003 from './003_llm.js';
import * as m004 from './004_delivery.js';
import * as m005 from './005_telegram.js';
import * as m006 from './006_delivery_indexes.js';
import * as m007 from './007_feed_error_params.js';
import * as m008 from './008_digest_due.js';
import * as m009 from './009_scale_indexes.js';
import * as m010 from './010_story_tokens.js';

export const migrations: Record<string, Migration> = {
  '001_feeds': m001,
  '002_subscriptions': m002,
  '003_llm': m003,
  '004_delivery': m004,
  '005_telegram': m005,
  '006_delivery_indexes': m006,
  '007_feed_error_params': m007,
  '008_digest_due': m008,
  '009_scale_indexes': m009,
  '010_story_tokens': m010,
};
