/**
 * Scrubbing of secret values from text, apart from the logger so that the CLI can scrub its output without
 * loading pino (src/log/index.ts uses it for every log line).
 */

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `%3A` or `%3a`, also double-encoded (`%253A`): how an upstream may echo the byte in a URL. */
function percentForm(ch: string): string {
  return [...new TextEncoder().encode(ch)]
    .map((byte) => {
      const hex = byte.toString(16).toUpperCase().padStart(2, '0');
      const digits = [...hex].map((d) => (/[A-F]/.test(d) ? `[${d}${d.toLowerCase()}]` : d)).join('');
      return `%(?:25)?${digits}`;
    })
    .join('');
}

/**
 * A pattern for one secret in every form it can take in a line: as is, percent-encoded (any case, once or twice,
 * `+` for a space), JSON-escaped (also inside a JSON string inside JSON), or as a \uXXXX escape.
 */
function secretPattern(secret: string): string {
  return [...secret]
    .map((ch) => {
      const forms = [escapeRegExp(ch)];
      if (!/[A-Za-z0-9_.~-]/.test(ch)) forms.push(percentForm(ch));
      if (ch === ' ') forms.push('\\+');
      if (ch === '"' || ch === '\\' || ch === '/') forms.push(`\\\\*${escapeRegExp(ch)}`);
      const code = ch.codePointAt(0) ?? 0;
      if (code < 0x20 || code > 0x7e) {
        const hex = code.toString(16).padStart(4, '0');
        forms.push(
          `\\\\+u${[...hex].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('')}`,
        );
      }
      return forms.length === 1 ? forms[0] : `(?:${forms.join('|')})`;
    })
    .join('');
}

/** Returns a function that replaces every occurrence of the given secrets, in any encoded form, with [REDACTED]. */
export function makeScrubber(secrets: string[]): (s: string) => string {
  const usable = [...new Set(secrets.filter((s) => s.length >= 4))].sort((x, y) => y.length - x.length);
  if (usable.length === 0) return (s) => s;
  const re = new RegExp(usable.map(secretPattern).join('|'), 'g');
  return (s) => s.replace(re, '[REDACTED]');
}
