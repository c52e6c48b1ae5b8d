/**
 * Why a delivery (one article for one subscription) or an outbox message is in its state: a typed union, stored
 * as text in `deliveries.reason` and `outbox.reason` in the form `kind` or `kind(detail)` — `filtered(fußball)`,
 * `duplicate(42)`, `held(delivery.blocked)`, `not_selected(max 5)`. This module is the only place that writes or
 * reads that text: writers call `encodeReason`, readers `decodeReason`; the columns are typed `StoredReason`, so
 * a hand-written string does not typecheck. Text it does not know (a future kind, a damaged row) decodes as
 * `unknown` with the text kept, never as an error.
 */

/** Kinds without a detail. */
const PLAIN_KINDS = ['queued', 'delivered', 'too_old', 'channel_gone', 'article_gone', 'expired'] as const;
/** Kinds whose detail is a code (an error code, or the pause reason, which may be free text in old rows). */
const CODE_KINDS = ['held', 'paused', 'failed'] as const;

export type DeliveryReason =
  /**
   * queued: waiting for its message; delivered: sent; too_old: published before the maximum age; expired: still
   * pending when the retention cleanup deleted its article.
   */
  | { kind: (typeof PLAIN_KINDS)[number] }
  /** held: kept without a message while paused; paused: skipped while paused (rows of older versions); failed. */
  | { kind: (typeof CODE_KINDS)[number]; code: string }
  /** Rejected by the subscription's filter: the excluded word or the pattern that decided it. */
  | { kind: 'filtered'; term: string }
  /** Rejected because none of the "only with" words occurs. */
  | { kind: 'no_include' }
  /** Rejected because the subscription's filter does not compile (the error code). */
  | { kind: 'invalid_filter'; code: string }
  /** Same story as another delivery in the channel: its id as stored, or "title — url" once resolved for reading. */
  | { kind: 'duplicate'; of: number | string }
  /** Held during a pause and older than the maximum age (hours) when released. */
  | { kind: 'too_old_paused'; hours: number }
  /** Not among the items chosen for a scheduled digest of at most `max` items. */
  | { kind: 'not_selected'; max: number }
  /** Text this version does not know, kept as it was. */
  | { kind: 'unknown'; text: string };

export type DeliveryReasonKind = DeliveryReason['kind'];

declare const storedReason: unique symbol;
/** A reason as stored in the database: only `encodeReason` makes one. */
export type StoredReason = string & { readonly [storedReason]: true };

const NO_INCLUDE = 'no include term';
const INVALID_FILTER = 'invalid filter: ';

function text(r: DeliveryReason): string {
  switch (r.kind) {
    case 'queued':
    case 'delivered':
    case 'too_old':
    case 'channel_gone':
    case 'article_gone':
    case 'expired':
      return r.kind;
    case 'held':
    case 'paused':
    case 'failed':
      return `${r.kind}(${r.code})`;
    case 'filtered':
      return `filtered(${r.term})`;
    case 'no_include':
      return `filtered(${NO_INCLUDE})`;
    case 'invalid_filter':
      return `filtered(${INVALID_FILTER}${r.code})`;
    case 'duplicate':
      return `duplicate(${r.of})`;
    case 'too_old_paused':
      return `too_old(paused:${r.hours})`;
    case 'not_selected':
      return `not_selected(max ${r.max})`;
    case 'unknown':
      return r.text;
  }
}

/** The stored text of a reason. */
export function encodeReason(r: DeliveryReason): StoredReason {
  return text(r) as StoredReason;
}

/** A SQL LIKE pattern that matches every stored reason of this kind (`held(%`). */
export function reasonKindPattern(kind: (typeof CODE_KINDS)[number]): StoredReason {
  return `${kind}(%` as StoredReason;
}

const isOneOf = <T extends string>(list: readonly T[], s: string): s is T =>
  (list as readonly string[]).includes(s);

function withDetail(kind: string, detail: string): DeliveryReason | undefined {
  if (isOneOf(CODE_KINDS, kind)) return { kind, code: detail };
  if (kind === 'filtered') {
    if (detail === NO_INCLUDE) return { kind: 'no_include' };
    if (detail.startsWith(INVALID_FILTER))
      return { kind: 'invalid_filter', code: detail.slice(INVALID_FILTER.length) };
    return { kind: 'filtered', term: detail };
  }
  if (kind === 'duplicate') return { kind, of: /^\d+$/.test(detail) ? Number(detail) : detail };
  const hours = kind === 'too_old' ? /^paused:(\d+)$/.exec(detail) : null;
  if (hours) return { kind: 'too_old_paused', hours: Number(hours[1]) };
  const max = kind === 'not_selected' ? /^max (\d+)$/.exec(detail) : null;
  if (max) return { kind: 'not_selected', max: Number(max[1]) };
  return undefined;
}

/** A stored reason (or one resolved for reading) as a typed value; text it does not know is `unknown`. */
export function decodeReason(stored: string): DeliveryReason {
  const m = /^(\w+)(?:\((.*)\))?$/s.exec(stored.trim());
  const kind = m?.[1] ?? '';
  const detail = m?.[2];
  const r =
    detail === undefined ? (isOneOf(PLAIN_KINDS, kind) ? { kind } : undefined) : withDetail(kind, detail);
  return r ?? { kind: 'unknown', text: stored };
}
