/** Worker thread of the parse pool: one message = one feed to parse; answers plain data or a typed error. */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../domain/errors.js';
import { type FeedInput, parseFeedData, toParseError } from '../parse/index.js';

export interface ParseRequest extends FeedInput {
  id: number;
}

export type ParseReply =
  | { id: number; ok: true; data: Awaited<ReturnType<typeof parseFeedData>> }
  | { id: number; ok: false; code: string; message: string };

async function handle(req: ParseRequest): Promise<ParseReply> {
  try {
    // a Buffer arrives as a plain Uint8Array (structured clone); the decoder wants a Buffer view of it
    const body =
      typeof req.body === 'string'
        ? req.body
        : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
    return { id: req.id, ok: true, data: await parseFeedData({ ...req, body }) };
  } catch (e) {
    const error = e instanceof AppError ? e : toParseError(e);
    return { id: req.id, ok: false, code: error.code, message: error.message };
  }
}

parentPort?.on('message', (req: ParseRequest) => {
  void handle(req).then((reply) => parentPort?.postMessage(reply));
});
parentPort?.postMessage('ready');
