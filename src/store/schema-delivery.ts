/**
 * Tables of the delivery area (migration 004_delivery).
 * - `deliveries`: one decision per (subscription, article), written before anything is sent; keeps the "why".
 * - `outbox`: the send units (one message: one instant digest, or one scheduled digest of many deliveries),
 *   with lease, attempts and the idempotency nonce fixed at creation.
 * - `digest_runs`: per subscription, when its scheduled digest last ran and is next due.
 * Timestamps are epoch ms; booleans are 0/1.
 */
import type { Generated } from 'kysely';
import type { StoredReason } from '../domain/delivery-reason.js';

export type DeliveryRowStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'skipped';

export interface DeliveriesTable {
  id: Generated<number>;
  subscription_id: number;
  channel_id: number;
  article_pk: number;
  canonical_url: string;
  /** Output language of this delivery (the subscription's). */
  language: string;
  status: DeliveryRowStatus;
  /** Why (not) posted: delivered / queued / filtered(term) / duplicate(<delivery id>) / held(code) … (src/domain/delivery-reason.ts). */
  reason: StoredReason;
  /** The delivery this one duplicates (same story in the same channel), shown as "also reported by". */
  duplicate_of: number | null;
  /** Space-separated normalized tokens of title + lead, for near-duplicate detection. */
  story_key: string;
  /** The outbox message that carries (or carried) this delivery. */
  outbox_id: number | null;
  last_error_code: string | null;
  platform_message_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface OutboxTable {
  id: Generated<number>;
  channel_id: number;
  subscription_id: number;
  kind: 'instant' | 'digest';
  status: 'pending' | 'sending' | 'delivered' | 'failed' | 'skipped';
  /** Send attempts started (claims). */
  attempts: number;
  /** Failed attempts that count toward the retry cap (rate limits do not). */
  failures: number;
  next_attempt_at: number;
  /** Lease: while in the future, the claimer owns the row; after it, anyone may re-claim (same nonce). */
  claimed_until: number;
  lease_owner: string;
  /** Idempotency key, fixed when the row is created. */
  nonce: string;
  title: string | null;
  locale: string;
  /** JSON array of platform message ids once delivered. */
  platform_message_ids: string | null;
  last_error_code: string | null;
  reason: StoredReason | null;
  created_at: number;
  updated_at: number;
}

export interface DigestRunsTable {
  subscription_id: number;
  /** 0 = never ran. */
  last_run_at: number;
  /** The next scheduled run as last computed (null: not known yet). */
  next_due_at: number | null;
}

/**
 * The duplicate check's story index (migration 010): one row per distinct token of a chat's primary story
 * (a decision that went pending, not a duplicate), `title` = 1 for headline tokens. Kept 14 days.
 */
export interface StoryTokensTable {
  id: Generated<number>;
  channel_id: number;
  token: string;
  delivery_id: number;
  title: number;
  created_at: number;
}

export interface DeliveryTables {
  deliveries: DeliveriesTable;
  story_tokens: StoryTokensTable;
  outbox: OutboxTable;
  digest_runs: DigestRunsTable;
}
