/** Daily LLM request budget; kept in the store (table llm_usage) so it survives restarts. */
import type { Kysely } from 'kysely';
import { llmRequestsOn, takeLlmRequest } from '../../../store/llm-repo.js';
import type { Database } from '../../../store/schema.js';

export interface Budget {
  /** Count one request; false when today's budget is used up (nothing counted then). */
  take(now?: number): Promise<boolean>;
  /** Requests counted today. */
  used(now?: number): Promise<number>;
}

export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** In-process budget (no store). `limit` 0 = unlimited. */
export function memoryBudget(limit: number): Budget {
  const days = new Map<string, number>();
  return {
    async take(now = Date.now()) {
      const day = utcDay(now);
      const n = days.get(day) ?? 0;
      if (limit > 0 && n >= limit) return false;
      days.clear();
      days.set(day, n + 1);
      return true;
    },
    async used(now = Date.now()) {
      return days.get(utcDay(now)) ?? 0;
    },
  };
}

/** Budget in the store: one atomic upsert per request, on SQLite and PostgreSQL alike. */
export function storeBudget(db: Kysely<Database>, limit: number): Budget {
  return {
    take: (now = Date.now()) => takeLlmRequest(db, utcDay(now), limit),
    used: (now = Date.now()) => llmRequestsOn(db, utcDay(now)),
  };
}
