/** Reads a response body through the matching decompressor, counting bytes after decompression. */
import { pipeline, type Readable, type Transform } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { AppError } from '../../domain/errors.js';

export function decompressor(contentEncoding: string | undefined): Transform | undefined {
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return undefined;
  if (enc === 'gzip' || enc === 'x-gzip') return zlib.createGunzip();
  if (enc === 'deflate') return zlib.createUnzip();
  if (enc === 'br') return zlib.createBrotliDecompress();
  throw new AppError('fetch.network', `unsupported content-encoding "${enc.slice(0, 40)}"`);
}

/** Drop a response body: destroying it makes undici close the socket; the abort error is expected. */
export function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

export function tooLarge(limit: number): AppError {
  return new AppError('fetch.too_large', `body larger than ${limit} bytes`, { limit });
}

/**
 * Collect the body. Stops at `limit` decompressed bytes: the response stream is destroyed (undici then
 * closes the socket) and `fetch.too_large` is thrown.
 */
export async function readCapped(body: Readable, contentEncoding: string | undefined, limit: number) {
  let decoder: Transform | undefined;
  try {
    decoder = decompressor(contentEncoding);
  } catch (e) {
    discard(body);
    throw e;
  }
  const source: Readable = decoder ? pipeline(body, decoder, () => {}) : body;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      total += buf.length;
      if (total > limit) throw tooLarge(limit);
      chunks.push(buf);
    }
  } catch (e) {
    discard(body);
    decoder?.destroy();
    if (e instanceof AppError) throw e;
    if (decoder && isZlibError(e)) throw new AppError('fetch.network', `cannot decompress body: ${msg(e)}`);
    throw e;
  }
  return Buffer.concat(chunks, total);
}

const gunzip = promisify(zlib.gunzip);

/**
 * A feed body that is a gzip file although no Content-Encoding said so (servers that gzip static files twice,
 * or on purpose) is unpacked here, under the same decompressed-size cap as a declared encoding: past `limit`,
 * `fetch.too_large` (120 KB on the wire can hold 1.7M items). Off the main thread (zlib's thread pool).
 */
export async function unpackSniffedGzip(
  body: Buffer,
  contentEncoding: string | undefined,
  limit: number,
): Promise<Buffer> {
  if (body[0] !== 0x1f || body[1] !== 0x8b) return body;
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc !== '' && enc !== 'identity') return body;
  try {
    return await gunzip(body, { maxOutputLength: limit });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    // not gzip after all: the parser decides what these bytes are
    return body;
  }
}

function isZlibError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
