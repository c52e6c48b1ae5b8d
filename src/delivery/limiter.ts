/**
 * Rate limits as token buckets whose tokens come back one by one, one window after each send finished
 * ("at most N per any window W", the form platforms state, held at the platform's side too). Per platform: one global bucket, one per chat, and
 * for Telegram groups/channels (negative chat ids) one more per group. Time comes from the caller (injected clock).
 */
import type { Config } from '../config/index.js';
import type { Clock } from './clock.js';
import type {
  ChannelRef,
  LimitScope,
  LimitWait,
  Platform,
  PlatformLimits,
  Rate,
  SendLimiter,
  SendPermit,
} from '../domain/types.js';
import { isTelegramGroup } from '../domain/types.js';

export type { PlatformLimits, Rate } from '../domain/types.js';

/**
 * A bucket of `count` tokens. A token is taken when a send starts and comes back `windowMs` after that send
 * FINISHED (`release`), so however the network delays a request, the platform never sees more than `count`
 * arrivals in any window: the next send that reuses the token starts after the previous one has arrived.
 */
export class WindowBucket {
  /** When each spent token was released; Infinity while its send is in flight. */
  private readonly spent: { t: number }[] = [];
  private blockedUntil = 0;
  constructor(readonly rate: Rate) {}

  private prune(now: number): void {
    for (let i = this.spent.length - 1; i >= 0; i--) {
      if ((this.spent[i] as { t: number }).t <= now - this.rate.windowMs) this.spent.splice(i, 1);
    }
  }

  /** Milliseconds until a token is free (0 = now). While all are in flight: one window, as an estimate. */
  waitMs(now: number): number {
    this.prune(now);
    const block = Math.max(0, this.blockedUntil - now);
    if (this.spent.length < this.rate.count) return block;
    const times = this.spent.map((x) => x.t).sort((a, b) => a - b);
    const frees = times[this.spent.length - this.rate.count] as number;
    const wait = Number.isFinite(frees) ? frees + this.rate.windowMs - now : this.rate.windowMs;
    return Math.max(block, wait);
  }

  /** Take a token; call the returned function when the send finished. */
  take(now: number): (finishedAt: number) => void {
    const token = { t: Number.POSITIVE_INFINITY };
    this.spent.push(token);
    let released = false;
    return (finishedAt) => {
      if (released) return;
      released = true;
      // +1 ms: clocks count whole milliseconds, the platform may not
      token.t = Math.max(now, finishedAt) + 1;
    };
  }

  /** The platform said "retry after": no tokens until then. */
  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  idle(now: number): boolean {
    this.prune(now);
    return this.spent.length === 0 && this.blockedUntil <= now;
  }
}

export function limitsFromConfig(config: Config, platform: Platform): PlatformLimits {
  if (platform === 'telegram') {
    return {
      global: config.TELEGRAM_RATE_GLOBAL,
      perChat: config.TELEGRAM_RATE_PER_CHAT,
      perGroup: config.TELEGRAM_RATE_PER_GROUP,
    };
  }
  if (platform === 'discord')
    return { global: config.DISCORD_RATE_GLOBAL, perChat: config.DISCORD_RATE_PER_CHANNEL };
  return {};
}

/** All buckets of all platforms. */
export class RateLimiter {
  private readonly globals = new Map<Platform, WindowBucket>();
  private readonly chats = new Map<string, WindowBucket[]>();

  constructor(private readonly limits: (p: Platform) => PlatformLimits) {}

  private global(p: Platform): WindowBucket | undefined {
    const rate = this.limits(p).global;
    if (!rate) return undefined;
    let b = this.globals.get(p);
    if (!b) {
      b = new WindowBucket(rate);
      this.globals.set(p, b);
    }
    return b;
  }

  private chat(ref: ChannelRef): WindowBucket[] {
    const key = `${ref.platform}:${ref.chatId}`;
    let bs = this.chats.get(key);
    if (!bs) {
      const l = this.limits(ref.platform);
      const rates = [l.perChat, isTelegramGroup(ref) ? l.perGroup : undefined].filter((r): r is Rate => !!r);
      bs = rates.map((r) => new WindowBucket(r));
      this.chats.set(key, bs);
    }
    return bs;
  }

  /** Milliseconds until the platform's global bucket has a token (0 = now). */
  globalWaitMs(p: Platform, now: number): number {
    return this.global(p)?.waitMs(now) ?? 0;
  }

  /** Milliseconds until this chat may get a message (0 = now). */
  waitMs(ref: ChannelRef, now: number): number {
    const all = [this.global(ref.platform), ...this.chat(ref)].filter((b): b is WindowBucket => !!b);
    return all.reduce((m, b) => Math.max(m, b.waitMs(now)), 0);
  }

  /** Take a token from every bucket of the chat; call the returned function when the send finished. */
  take(ref: ChannelRef, now: number): (finishedAt: number) => void {
    const releases = [this.global(ref.platform), ...this.chat(ref)]
      .filter((b): b is WindowBucket => !!b)
      .map((b) => b.take(now));
    return (finishedAt) => {
      for (const r of releases) r(finishedAt);
    };
  }

  /** Retry-after from the platform for one chat. */
  blockChat(ref: ChannelRef, until: number): void {
    for (const b of this.chat(ref)) b.block(until);
    if (this.chat(ref).length === 0) this.global(ref.platform)?.block(until);
  }

  /** Forget idle per-chat buckets (bounded memory with many chats). */
  sweep(now: number): void {
    for (const [k, bs] of this.chats) if (bs.every((b) => b.idle(now))) this.chats.delete(k);
  }
}

/** The single-process SendLimiter: the buckets above, in this process's memory (the default). */
export class MemorySendLimiter implements SendLimiter {
  private readonly buckets: RateLimiter;
  constructor(limits: (p: Platform) => PlatformLimits) {
    this.buckets = new RateLimiter(limits);
  }
  async globalWaitMs(p: Platform, now: number): Promise<number> {
    return this.buckets.globalWaitMs(p, now);
  }
  async waitMs(ref: ChannelRef, now: number): Promise<number> {
    return this.buckets.waitMs(ref, now);
  }
  async acquire(ref: ChannelRef, now: number): Promise<SendPermit | LimitWait> {
    const w = this.buckets.waitMs(ref, now);
    if (w > 0) {
      const scope = this.buckets.globalWaitMs(ref.platform, now) >= w ? 'global' : 'chat';
      return { waitMs: w, scope };
    }
    return { release: this.buckets.take(ref, now) };
  }
  async blockChat(ref: ChannelRef, until: number): Promise<void> {
    this.buckets.blockChat(ref, until);
  }
  sweep(now: number): void {
    this.buckets.sweep(now);
  }
}

/**
 * Wait on the clock until the limiter gives the chat's tokens (in steps of at most 500 ms, so a shutdown does
 * not wait out a long window); undefined once `stopping()`. The first wait is reported to `onWait`.
 */
export async function waitForPermit(
  limiter: SendLimiter,
  ref: ChannelRef,
  clock: Clock,
  stopping: () => boolean,
  onWait?: (platform: Platform, scope: LimitScope, ms: number) => void,
): Promise<((finishedAt: number) => void) | undefined> {
  for (let waited = false; ; waited = true) {
    if (stopping()) return undefined;
    const r = await limiter.acquire(ref, clock.now());
    if ('release' in r) return (at) => r.release(at);
    if (!waited) onWait?.(ref.platform, r.scope, r.waitMs);
    await clock.sleep(Math.min(Math.max(1, r.waitMs), 500));
  }
}
