/** What the command handlers need from the rest of the bot (injected by the composition root and by tests). */
import type { Config } from '../config/index.js';
import type { ErrorCode } from '../domain/errors.js';
import type {
  ChannelRef,
  CommandRequest,
  CommandResponse,
  DeliveryStatus,
  Lang,
  Summarizer,
} from '../domain/types.js';
import type { Logger } from '../log/index.js';
import type { Fetcher } from '../pipeline/fetch/index.js';
import type { Store } from '../store/db.js';
import type { Choice, CompleteRequest } from './complete.js';

/** One decision about an article for one subscription of the channel (the "why" record). */
export interface WhyRecord {
  subscriptionId: number;
  /** Article title, when the article is known. */
  title?: string;
  status: DeliveryStatus;
  /** Why (not) posted, as stored (src/domain/delivery-reason.ts: `decodeReason`) — plain text, not markup. */
  reason?: string;
  errorCode?: ErrorCode;
  /** When the decision was made or the message was sent (epoch ms). */
  at?: number;
}

/** Implemented by the delivery engine (src/delivery/engine.ts). */
export interface DeliveryControl {
  /** Send the channel's scheduled digest now; how many items went out. */
  digestNow(channel: ChannelRef, locale: Lang): Promise<{ sent: number }>;
  /** The delivery decisions about the article at `url` in this channel (empty when none). */
  why(channel: ChannelRef, url: string): Promise<WhyRecord[]>;
}

export interface CommandDeps {
  store: Store;
  config: Config;
  log: Logger;
  fetcher: Fetcher;
  summarizer: Summarizer;
  delivery?: DeliveryControl;
  /** Epoch ms; injectable for tests of rate limits. */
  clock?: () => number;
}

export interface CommandRouter {
  handle(req: CommandRequest): Promise<CommandResponse>;
  /**
   * The refusal `handle` would answer without running the command (unknown command, not allowed, invalid
   * options), or undefined: adapters ask first so a private refusal never follows a public "thinking…".
   */
  preflight?(req: CommandRequest): Promise<CommandResponse | undefined>;
  /** Suggestions for an option being typed (Discord autocomplete); empty when there are none or on failure. */
  complete?(req: CompleteRequest): Promise<Choice[]>;
}
