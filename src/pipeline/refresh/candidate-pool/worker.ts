/**
 * Worker thread of the candidate pool: one message = one feed; answers plain data or a typed error.
 * `candidates` runs the CPU-heavy half of a refresh (../candidates.ts).
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../domain/errors.js';
import { toParseError } from '../../parse/index.js';
import { type CandidateRequest, feedCandidates } from '../candidates.js';

export type WorkerRequest = { id: number } & { op: 'candidates' } & CandidateRequest;

export type ParseReply =
  | { id: number; ok: true; data: unknown }
  | { id: number; ok: false; code: string; message: string };

async function handle(req: WorkerRequest): Promise<ParseReply> {
  try {
    // a Buffer arrives as a plain Uint8Array (structured clone); the decoder wants a Buffer view of it
    const body =
      typeof req.body === 'string'
        ? req.body
        : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
    const data = await feedCandidates({ ...req, body });
    return { id: req.id, ok: true, data };
  } catch (e) {
    const error = e instanceof AppError ? e : toParseError(e);
    return { id: req.id, ok: false, code: error.code, message: error.message };
  }
}

parentPort?.on('message', (req: WorkerRequest) => {
  void handle(req).then((reply) => parentPort?.postMessage(reply));
});
parentPort?.postMessage('ready');
