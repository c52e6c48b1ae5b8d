/** The store-backed ChatDirectory: the port the composition root hands the platform adapters. */
import type { Kysely } from 'kysely';
import type { ChatDirectory } from '../domain/types.js';
import { channelsPausedFor, chatThreads, getChannel, migrateChannel } from '../store/channels-repo.js';
import type { Database } from '../store/schema.js';
import {
  channelLinkers,
  linkChannel,
  selectedChannel,
  unselectChannel,
} from '../store/telegram-links-repo.js';
import { pauseAndHold, resumeSubscriptions } from './pause.js';

export function createChatDirectory(db: Kysely<Database>): ChatDirectory {
  return {
    pause: (ref, reason, now) => pauseAndHold(db, ref, reason, now),
    resume: (ref, opts) => resumeSubscriptions(db, ref, opts),
    migrate: (ref, newChatId) => migrateChannel(db, ref, newChatId),
    threads: (platform, chatId) => chatThreads(db, platform, chatId),
    pausedFor: (platform, reasons) => channelsPausedFor(db, platform, reasons),
    language: async (ref) => (await getChannel(db, ref))?.language,
    link: (userId, channel, now) => linkChannel(db, userId, channel, now),
    selected: (userId) => selectedChannel(db, userId),
    unselect: (userId) => unselectChannel(db, userId),
    linkers: (chatId, limit) => channelLinkers(db, chatId, limit),
  };
}
