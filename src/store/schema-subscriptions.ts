/** Tables of chats and subscriptions (migration 002_subscriptions). */
import type { Generated } from 'kysely';

export interface ChannelsTable {
  id: Generated<number>;
  platform: string;
  chat_id: string;
  /** '' when the channel has no thread/topic. */
  thread_id: string;
  /** Chat language (de|en); default for new subscriptions and for replies. */
  language: string;
  /** Set when the platform reports the channel gone / the bot lacks rights. */
  paused_reason: string | null;
  created_at: number;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  channel_id: number;
  target_kind: 'feed' | 'tag';
  /** Set when target_kind = 'feed' (0 otherwise, so the unique key works in both dialects). */
  feed_id: number;
  /** Set when target_kind = 'tag' ('' otherwise, so the unique key works in both dialects). */
  tag: string;
  language: string;
  mode: 'instant' | 'digest';
  cron: string;
  timezone: string;
  /** JSON of Filters { include, exclude, regex? }. */
  filters_json: string;
  max_items: number;
  summarizer: string | null;
  paused_reason: string | null;
  created_by: string;
  created_at: number;
}

/** Feeds an admin added for a chat (the feed itself is stored once in `feeds`). */
export interface ChatFeedsTable {
  platform: string;
  chat_id: string;
  feed_id: number;
  added_by: string;
  added_at: number;
}

export interface SubscriptionTables {
  channels: ChannelsTable;
  subscriptions: SubscriptionsTable;
  chat_feeds: ChatFeedsTable;
}
