/**
 * Table types of the store, one interface per area; `Database` joins them.
 * Timestamps are epoch milliseconds (bigint-safe numbers); booleans are 0/1 integers (SQLite and PostgreSQL alike).
 */
import type { DeliveryTables } from './schema-delivery.js';
import type { FeedTables } from './schema-feeds.js';
import type { LlmTables } from './schema-llm.js';
import type { SubscriptionTables } from './schema-subscriptions.js';
import type { TelegramTables } from './schema-telegram.js';

export interface Database extends FeedTables, SubscriptionTables, DeliveryTables, LlmTables, TelegramTables {}
