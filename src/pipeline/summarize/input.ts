/** Validation of raw article input: size, text (not binary), non-empty. Expected failures are values. */
import { err, ok, type Result } from '../../domain/errors.js';

/** Largest article accepted (bytes). */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** Decode UTF-8 article bytes; reject binary, oversized and empty input with a stable code. */
export function decodeArticle(bytes: Uint8Array): Result<string> {
  if (bytes.byteLength > MAX_ARTICLE_BYTES) {
    return err('input.too_large', { limit: '5 MB' }, `${bytes.byteLength} bytes`);
  }
  if (bytes.includes(0)) return err('input.binary', {}, 'NUL byte');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return err('input.binary', {}, 'not valid UTF-8');
  }
  return checkText(text.replace(/^\uFEFF/, ''));
}

/** Reject empty, oversized or control-character-laden text. */
export function checkText(text: string): Result<string> {
  if (Buffer.byteLength(text, 'utf8') > MAX_ARTICLE_BYTES) return err('input.too_large', { limit: '5 MB' });
  if (text.trim() === '') return err('input.empty');
  const controls = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > 8 && controls > text.length / 100) return err('input.binary', {}, 'control characters');
  return ok(text);
}
