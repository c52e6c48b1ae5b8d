/** Tables of the llm area (migration 003_llm): cached generated/translated digests and the daily LLM budget. */

export interface SummaryCacheTable {
  /** Article id, or `sha256:<hash>` of title and text when the article has no id. */
  article_key: string;
  /** Language of the digest (de|en). */
  language: string;
  /** Summarizer that produced it ('llm', 'extractive' for translated extractive digests). */
  summarizer: string;
  /** The Digest as JSON. */
  digest_json: string;
  created_at: number;
}

export interface LlmUsageTable {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** LLM requests sent that day (every attempt counts). */
  requests: number;
}

export interface LlmTables {
  summary_cache: SummaryCacheTable;
  llm_usage: LlmUsageTable;
}
