/** Shared set-up of the LLM/translation integration tests: fixtures, config against the fakes, log collection. */
import { existsSync, readFileSync } from 'node:fs';
import { configWith, type SettingName } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log/index.js';
import type { Store } from '../../../src/store/db.js';
import { createSummaryService } from '../../../src/pipeline/summarize/service.js';

export const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/llm/${name}`, import.meta.url), 'utf8');

/** ../shared beside the repository (CI clones the repo next to it). */
export const SHARED = new URL('../../../../shared/', import.meta.url);
export const SEED = new URL('seeds/000_38e3ebc082b94ae7.txt', SHARED);
export const seedExists = existsSync(SEED);

export const API_KEY = 'sk-test-DO-NOT-LOG-7f3a9c2e41';

export const bahn = {
  text: fixture('bahn-de.txt'),
  title: 'Bahn investiert 2,3 Milliarden Euro in Stellwerke',
  lang: 'de' as const,
  articleId: 'bahn-1',
};

export interface Harness {
  lines: string[];
  service: ReturnType<typeof createSummaryService>;
}

/** A service wired to the fakes; log lines are collected unscrubbed (no secrets passed), level trace. */
export function harness(settings: Partial<Record<SettingName, string>>, store?: Store): Harness {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', write: (l) => lines.push(l) });
  const config = configWith({ LLM_MAX_RETRIES: '0', ...settings });
  const service = createSummaryService({ config, store, log, retryBaseMs: 5 });
  return { lines, service };
}
