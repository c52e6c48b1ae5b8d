/**
 * The feed refresh — the pipeline's one orchestrator, the only folder whose modules import several stages:
 * fetch → known ids → candidates (parse, identify, pre-digest; ./candidates.ts, in ./candidate-pool/ on the poll
 * path) → decide (./decide.ts) → enrich (full text, title, digest; ./article.ts) → write (./refresh-feed.ts).
 * Rules of what an item becomes: ./rules.ts; timing: ./timing.ts; ports and their implementations: ./ports.ts;
 * the same steps for one-off callers (feeds test, summary <url>, check-feed, feed intake): ./preview.ts.
 */
export {
  type CandidatePool,
  candidatesWith,
  createCandidatePool,
  isPoolUnavailable,
  poolSize,
} from './candidate-pool/index.js';
export type { CandidateRequest, FeedCandidates } from './candidates.js';
export {
  type Candidates,
  dryRunSink,
  groupCommitSink,
  type KnownIds,
  type PageText,
  pageText,
  type RefreshPorts,
  type RefreshSink,
  readPage,
  simplePorts,
  storeKnownIds,
  storeSink,
} from './ports.js';
export {
  type AnnouncedArticle,
  type RefreshResult,
  refreshFeed,
  refreshFromResponse,
} from './refresh-feed.js';
export { digestIn } from './digest.js';
export {
  type FetchResult,
  feedLanguage,
  fetchFeed,
  type InspectedItem,
  inspectFeed,
  type ParsedFeed,
  type ParsedItem,
  previewNextPost,
} from './preview.js';
export { type RefreshRules, refreshRules } from './rules.js';
