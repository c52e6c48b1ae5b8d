/** The seam between the core and each platform adapter (Discord, Telegram, console). */
import type { CommandRouter } from '../commands/router.js';
import type { Config } from '../config/index.js';
import type { Publisher } from '../domain/types.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/db.js';

export interface PlatformDeps {
  config: Config;
  log: Logger;
  router: CommandRouter;
  store: Store;
}

export interface PlatformHandle {
  publisher: Publisher;
  stop(): Promise<void>;
}
