/** Whether a feed item carries only a teaser (kept apart from ./index.ts so callers need not load the DOM libraries). */

/** Below this many characters of plain text, a feed item counts as a teaser. */
export const TEASER_CHARS = 600;

/** Whether the feed's own text is only a teaser worth replacing by the page's full text. */
export function isTeaser(text: string | undefined): boolean {
  return (text ?? '').trim().length < TEASER_CHARS;
}
