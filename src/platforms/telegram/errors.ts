/** Telegram API errors → the core's delivery codes (PublishResult failures). */
import { GrammyError, HttpError } from 'grammy';
import type { PublishResult } from '../../domain/types.js';

export type PublishFailure = Extract<PublishResult, { ok: false }>;

/** Classify any error thrown by a grammY API call. */
export function classifyError(e: unknown): PublishFailure {
  if (e instanceof GrammyError) return classifyApiError(e.error_code, e.description, e.parameters);
  if (e instanceof HttpError)
    return { ok: false, code: 'delivery.network', permanent: false, detail: e.message };
  return { ok: false, code: 'delivery.network', permanent: false, detail: String(e) };
}

export function classifyApiError(
  status: number,
  description: string,
  parameters: { retry_after?: number; migrate_to_chat_id?: number } = {},
): PublishFailure {
  const detail = `${status} ${description}`;
  if (parameters.migrate_to_chat_id !== undefined) {
    return {
      ok: false,
      code: 'delivery.chat_not_found',
      permanent: false,
      detail,
      migrateToChatId: String(parameters.migrate_to_chat_id),
    };
  }
  if (status === 429) {
    const retryAfterMs = Math.max(1, parameters.retry_after ?? 1) * 1000;
    return { ok: false, code: 'delivery.rate_limited', permanent: false, retryAfterMs, detail };
  }
  if (status === 403) return classifyForbidden(description, detail);
  if (status === 400) return classifyBadRequest(description, detail);
  if (status >= 500) return { ok: false, code: 'delivery.server_error', permanent: false, detail };
  if (status === 401 || status === 404)
    return { ok: false, code: 'delivery.missing_permissions', permanent: true, detail };
  return { ok: false, code: 'delivery.bad_format', permanent: true, detail };
}

function classifyForbidden(description: string, detail: string): PublishFailure {
  if (/blocked|deactivated/i.test(description))
    return { ok: false, code: 'delivery.blocked', permanent: true, detail };
  if (/kicked|not a member|removed/i.test(description)) {
    return { ok: false, code: 'delivery.chat_not_found', permanent: true, detail };
  }
  return { ok: false, code: 'delivery.missing_permissions', permanent: true, detail };
}

function classifyBadRequest(description: string, detail: string): PublishFailure {
  if (/chat not found|group chat was deactivated|chat_write_forbidden/i.test(description)) {
    return { ok: false, code: 'delivery.chat_not_found', permanent: true, detail };
  }
  if (/not enough rights|have no rights|need administrator rights/i.test(description)) {
    return { ok: false, code: 'delivery.missing_permissions', permanent: true, detail };
  }
  if (/thread not found|topic_closed|topic was deleted/i.test(description)) {
    return { ok: false, code: 'delivery.chat_not_found', permanent: true, detail };
  }
  return { ok: false, code: 'delivery.bad_format', permanent: true, detail };
}

/** "can't parse entities" — the one failure that is retried once as plain text. */
export function isEntityParseError(e: unknown): boolean {
  return e instanceof GrammyError && e.error_code === 400 && /can't parse entities/i.test(e.description);
}
