/**
 * Uploaded documents (OPML import): getFile, then download from `{apiRoot}/file/bot<token>/<file_path>`
 * with a size cap and a timeout. The URL is built from operator config only, never from user input.
 */
import type { Api } from 'grammy';
import type { Document } from 'grammy/types';
import { AppError } from '../../domain/errors.js';

export const MAX_DOCUMENT_BYTES = 1_000_000;

export async function downloadDocument(
  api: Api,
  apiRoot: string,
  token: string,
  doc: Document,
  timeoutMs = 20_000,
): Promise<{ name: string; content: string }> {
  const limit = String(MAX_DOCUMENT_BYTES);
  if ((doc.file_size ?? 0) > MAX_DOCUMENT_BYTES)
    throw new AppError('input.too_large', doc.file_name, { limit });
  const file = await api.getFile(doc.file_id);
  if (!file.file_path)
    throw new AppError('input.missing_file', 'no file_path', { path: doc.file_name ?? '' });
  const res = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new AppError('fetch.http_status', 'telegram file download', { status: res.status });
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > MAX_DOCUMENT_BYTES) throw new AppError('input.too_large', doc.file_name, { limit });
  if (buf.includes(0)) throw new AppError('input.binary', doc.file_name);
  return { name: doc.file_name ?? 'import.opml', content: buf.toString('utf8') };
}
