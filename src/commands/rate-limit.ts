/**
 * Sliding-window limits for expensive commands: at most `perUser` per user and `perChat` per chat in `windowMs`.
 * In memory (one process); the windows are small and a restart forgiving them is acceptable.
 */
export interface RateLimiter {
  /** Record an attempt when allowed; otherwise how long until the next one is allowed. */
  take(
    userKey: string,
    chatKey: string,
    now: number,
  ): { allowed: true } | { allowed: false; retryAfterMs: number };
}

export interface RateLimits {
  perUser: number;
  perChat: number;
  windowMs: number;
  /** Keys kept at most (oldest dropped first), so a flood of distinct users cannot grow memory without bound. */
  maxKeys?: number;
}

export function createRateLimiter(limits: RateLimits): RateLimiter {
  const hits = new Map<string, number[]>();
  const maxKeys = limits.maxKeys ?? 50_000;

  function recent(key: string, now: number): number[] {
    const list = (hits.get(key) ?? []).filter((at) => at > now - limits.windowMs);
    hits.delete(key);
    if (list.length > 0) hits.set(key, list);
    return list;
  }

  function waitFor(list: number[], limit: number, now: number): number {
    if (list.length < limit) return 0;
    const oldest = list[list.length - limit] ?? now;
    return oldest + limits.windowMs - now;
  }

  function record(key: string, list: number[], now: number): void {
    hits.set(key, [...list, now]);
    while (hits.size > maxKeys) {
      const first = hits.keys().next().value;
      if (first === undefined) break;
      hits.delete(first);
    }
  }

  return {
    take(userKey, chatKey, now) {
      const user = recent(userKey, now);
      const chat = recent(chatKey, now);
      const wait = Math.max(waitFor(user, limits.perUser, now), waitFor(chat, limits.perChat, now));
      if (wait > 0) return { allowed: false, retryAfterMs: wait };
      record(userKey, user, now);
      record(chatKey, chat, now);
      return { allowed: true };
    },
  };
}
