/** The digest engine: language detection, segmentation, quantities, selection, rendering, registry. */
export { DEFAULTS, extractiveSummarizer, summarize, analyzeArticle, type Analysis } from './extractive.js';
export {
  extractQuantities,
  formatNumber,
  parseNumber,
  type Quantity,
  type Currency,
  type QualifierKind,
} from './figures.js';
export { selectKeyFigures, isFigureCandidate } from './keyfigures.js';
export { detectLanguage } from './language.js';
export { getSummarizer, listSummarizers, registerSummarizer } from './registry.js';
export { escapeMarkdown, formatFigure, renderMarkdown, renderText } from './render.js';
export { checkText, decodeArticle, MAX_ARTICLE_BYTES } from './input.js';
export { segmentSentences, segmentSpans, type SentenceSpan } from './segment.js';
