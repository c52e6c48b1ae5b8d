/** The seam between the core and each platform adapter (Discord, Telegram, console). */
import type { CommandRouter } from '../commands/router.js';
import type { Config } from '../config/index.js';
import type { ChatDirectory, Coordination, Publisher } from '../domain/types.js';
import type { Logger } from '../log/index.js';

export interface PlatformDeps {
  config: Config;
  log: Logger;
  router: CommandRouter;
  /** The chats the core knows: pause, resume, migrate, language, linked channels. */
  chats: ChatDirectory;
  /** Cluster mode (REDIS_URL set): leases (Discord shards, the Telegram long-polling lock) and claims (update ids). */
  coordination?: Coordination;
}

export interface PlatformHandle {
  publisher: Publisher;
  stop(): Promise<void>;
}
