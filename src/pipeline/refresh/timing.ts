/**
 * When a feed is checked next: its own interval, at a phase fixed by a hash of its URL (so cycles do not burst),
 * no sooner than the server's freshness hints allow (bounded), and exponential backoff after failures.
 */

export const MINUTE = 60_000;
export const MIN_INTERVAL_MINUTES = 2;
/** Longest wait any hint or backoff may impose. */
export const MAX_DELAY_MS = 24 * 60 * MINUTE;
export const BACKOFF_BASE_MS = 5 * MINUTE;
/** Consecutive failures after which a feed is disabled. */
export const DISABLE_AFTER_FAILURES = 10;

/** FNV-1a 32-bit hash of a string (stable across runs and processes). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function intervalMs(intervalMinutes: number): number {
  return Math.max(MIN_INTERVAL_MINUTES, intervalMinutes) * MINUTE;
}

/**
 * The next regular check: the first slot `k * interval + phase(url)` at least half an interval from now,
 * so every feed keeps its own phase and feeds spread evenly over the interval.
 */
export function nextRegularCheck(url: string, intervalMinutes: number, now: number): number {
  const period = intervalMs(intervalMinutes);
  const phase = hash32(url) % period;
  const earliest = now + period / 2;
  const k = Math.ceil((earliest - phase) / period);
  return k * period + phase;
}

export interface FreshnessHints {
  /** Epoch ms until which the response is fresh (Cache-Control max-age / Expires). */
  freshUntil?: number;
  /** RSS <ttl> in minutes. */
  ttlMinutes?: number;
}

/** The regular next check, pushed later by freshness hints, never more than 24 h away. */
export function nextCheckAfterSuccess(
  url: string,
  intervalMinutes: number,
  now: number,
  hints: FreshnessHints = {},
): number {
  const regular = nextRegularCheck(url, intervalMinutes, now);
  const ttlUntil = hints.ttlMinutes ? now + hints.ttlMinutes * MINUTE : 0;
  const hinted = Math.min(Math.max(hints.freshUntil ?? 0, ttlUntil), now + MAX_DELAY_MS);
  return Math.max(regular, hinted);
}

/** Backoff after the n-th consecutive failure (n ≥ 1): 5 min × 2^(n-1), capped at 24 h. */
export function backoffMs(failures: number): number {
  const n = Math.max(1, failures);
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 20), MAX_DELAY_MS);
}

export interface FailureState {
  errorCount: number;
  health: 'failing' | 'disabled';
  nextCheckAt: number;
}

/** State after one more failure; `retryAfterMs` (429/503) can only lengthen the wait, up to 24 h. */
export function failureState(previousErrors: number, now: number, retryAfterMs?: number): FailureState {
  const errorCount = previousErrors + 1;
  const wait = Math.max(backoffMs(errorCount), Math.min(retryAfterMs ?? 0, MAX_DELAY_MS));
  return {
    errorCount,
    health: errorCount >= DISABLE_AFTER_FAILURES ? 'disabled' : 'failing',
    nextCheckAt: now + wait,
  };
}
