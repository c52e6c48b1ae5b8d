/** Discord API errors → the core's delivery codes (PublishResult failures). */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { PublishResult } from '../../domain/types.js';

export type PublishFailure = Extract<PublishResult, { ok: false }>;

/** Discord JSON error codes that mean the bot may not post in the channel. */
const PERMISSION_CODES = new Set([50001, 50013, 50083, 160005]);
/** Discord JSON error codes that mean the channel (or thread) is gone. */
const GONE_CODES = new Set([10003, 10008]);

function fromApiError(e: DiscordAPIError): PublishFailure {
  const code = typeof e.code === 'number' ? e.code : 0;
  const detail = `HTTP ${e.status} code ${code}: ${e.message}`;
  if (PERMISSION_CODES.has(code) || e.status === 403) {
    return { ok: false, code: 'delivery.missing_permissions', permanent: true, detail };
  }
  if (GONE_CODES.has(code) || e.status === 404) {
    return { ok: false, code: 'delivery.chat_not_found', permanent: true, detail };
  }
  if (e.status >= 500) return { ok: false, code: 'delivery.server_error', permanent: false, detail };
  if (e.status === 401) return { ok: false, code: 'delivery.blocked', permanent: false, detail };
  // 400 / 50035 and other client errors: our message was rejected; retrying the same body cannot help, so the
  // message fails at once (permanent), but the core does not pause the channel for bad_format.
  return { ok: false, code: 'delivery.bad_format', permanent: true, detail };
}

export function mapDiscordError(e: unknown): PublishFailure {
  if (e instanceof RateLimitError) {
    return {
      ok: false,
      code: 'delivery.rate_limited',
      permanent: false,
      retryAfterMs: Math.max(0, Math.ceil(e.retryAfter)),
      detail: `${e.global ? 'global' : 'route'} rate limit on ${e.route}`,
    };
  }
  if (e instanceof DiscordAPIError) return fromApiError(e);
  if (e instanceof HTTPError) {
    const code = e.status >= 500 ? 'delivery.server_error' : 'delivery.bad_format';
    return { ok: false, code, permanent: false, detail: `HTTP ${e.status}` };
  }
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { ok: false, code: 'delivery.network', permanent: false, detail };
}
