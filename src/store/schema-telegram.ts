/** Telegram channel links (migration 005_telegram): which channels a user linked from a private chat. */

export interface TelegramChannelLinksTable {
  /** Telegram user id of the channel admin who linked it. */
  user_id: string;
  /** The channel's chat id (-100…). */
  channel_chat_id: string;
  title: string;
  username: string;
  /** 1 when the user's private-chat commands currently configure this channel. */
  selected: number;
  linked_at: number;
}

export interface TelegramTables {
  telegram_channel_links: TelegramChannelLinksTable;
}
