/** Source-shaped result of parsing one feed (adapted to Article by the pipeline, not here). */

export interface ParsedItem {
  guid?: string;
  link?: string;
  /** Plain text. */
  title: string;
  publishedAt?: number;
  contentHtml?: string;
  /**
   * Plain text of the best content: content:encoded > content > description. May be a getter that converts
   * the HTML on first access (the parser does this, so unseen items alone pay for it); read it, don't assume a field.
   */
  text: string;
  summaryText?: string;
  author?: string;
  imageUrl?: string;
  categories: string[];
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  link?: string;
  language?: string;
  ttlMinutes?: number;
  items: ParsedItem[];
  /** Set when the document had more items than were read (the item cap, PARSE_MAX_ITEMS): how many. */
  itemsInDocument?: number;
}
