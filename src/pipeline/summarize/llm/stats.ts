/** Counters of the summary service: LLM calls, cache hits, guard verdicts and fallbacks by error code. */

export interface SummaryStats {
  llmDigests: number;
  translatedDigests: number;
  cacheHits: number;
  guard: { pass: number; repaired: number; rejected: number };
  /** Fallbacks to the extractive digest, by error code (llm.timeout, llm.figure_mismatch, ...). */
  fallbacks: Record<string, number>;
}

export function newStats(): SummaryStats {
  return {
    llmDigests: 0,
    translatedDigests: 0,
    cacheHits: 0,
    guard: { pass: 0, repaired: 0, rejected: 0 },
    fallbacks: {},
  };
}

export function countFallback(stats: SummaryStats, code: string): void {
  stats.fallbacks[code] = (stats.fallbacks[code] ?? 0) + 1;
}

/** A deep copy, so callers cannot change the live counters. */
export function snapshot(stats: SummaryStats): SummaryStats {
  return { ...stats, guard: { ...stats.guard }, fallbacks: { ...stats.fallbacks } };
}
