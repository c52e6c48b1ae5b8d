/**
 * Runs page extraction off the main thread: one worker thread (started on first use, replaced when lost) takes
 * one page at a time. A page gets a hard time limit from the moment the worker starts it: past it the worker
 * is terminated (`extract.timeout`) and a fresh one started. The worker's heap is capped (`resourceLimits`):
 * running out of it is `extract.too_large`. Every failure reaches the caller as an `extract.*` AppError; the
 * main thread only posts bytes and receives plain text. An idle worker does not keep the process alive.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, type ErrorCode } from '../../domain/errors.js';
import type { ExtractedArticle, PageInput } from './article.js';
import type { PageLimits } from './prescan.js';
import type { ExtractReply, ExtractRequest } from './worker.js';

export interface ExtractorOptions {
  /** A page running longer than this is stopped (default 2 s). */
  timeoutMs?: number;
  /** Old-generation heap of the worker in MB (default 160). */
  maxHeapMb?: number;
  limits?: PageLimits;
}

export interface Extractor {
  /** `timeoutMs` overrides the extractor's time limit for this page. */
  extract(page: PageInput, opts?: { timeoutMs?: number }): Promise<ExtractedArticle>;
  close(): Promise<void>;
}

export const EXTRACT_TIMEOUT_MS = 2_000;
const MAX_HEAP_MB = 160;
/** Workers lost in a row (not by timeout) before the queued pages are refused instead of retried. */
const MAX_CRASHES = 3;

interface Job {
  req: ExtractRequest;
  timeoutMs: number;
  resolve: (a: ExtractedArticle) => void;
  reject: (e: AppError) => void;
}

function spawn(maxHeapMb: number): Worker {
  const self = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 16 };
  if (self.endsWith('.ts')) {
    // under tsx/vitest: the shared bootstrap (../dev-worker.cjs) compiles the TypeScript worker in its own thread
    return new Worker(new URL('../dev-worker.cjs', self), {
      workerData: { entry: fileURLToPath(new URL('./worker.ts', self)) },
      execArgv: [],
      resourceLimits,
    });
  }
  return new Worker(new URL('./worker.js', self), { resourceLimits });
}

/** The page's body as a copy whose memory moves to the worker (the caller's Buffer stays intact). */
function post(worker: Worker, req: ExtractRequest): void {
  const body = req.page.body;
  if (typeof body === 'string') {
    worker.postMessage(req);
    return;
  }
  const bytes = new Uint8Array(body.byteLength);
  bytes.set(body);
  worker.postMessage({ ...req, page: { ...req.page, body: bytes } }, [bytes.buffer]);
}

function replyError(r: Extract<ExtractReply, { ok: false }>): AppError {
  const code = (ERROR_CODES as readonly string[]).includes(r.code)
    ? (r.code as ErrorCode)
    : 'extract.no_content';
  const prefix = `${r.code}: `;
  const detail = r.message.startsWith(prefix) ? r.message.slice(prefix.length) : r.message;
  return new AppError(code, detail === r.code ? undefined : detail, r.params ?? {});
}

function lostError(e: unknown): AppError {
  const code = (e as { code?: unknown })?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new AppError('extract.too_large', 'the page needed more memory than allowed');
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new AppError('extract.no_content', `extraction worker failed: ${msg.split('\n')[0]?.slice(0, 200)}`);
}

export function createExtractor(opts: ExtractorOptions = {}): Extractor {
  const timeoutMs = opts.timeoutMs ?? EXTRACT_TIMEOUT_MS;
  const maxHeapMb = opts.maxHeapMb ?? MAX_HEAP_MB;
  const queue: Job[] = [];
  let worker: Worker | undefined;
  let ready = false;
  let running: Job | undefined;
  let timer: NodeJS.Timeout | undefined;
  let crashes = 0;
  let nextId = 1;

  function start(): Worker {
    const w = spawn(maxHeapMb);
    ready = false;
    w.on('message', (msg: ExtractReply | 'ready') => {
      if (w !== worker) return;
      if (msg === 'ready') {
        ready = true;
        crashes = 0;
      } else settle(msg);
      pump();
    });
    w.on('error', (e) => lose(w, lostError(e), true));
    w.on('exit', () => lose(w, new AppError('extract.no_content', 'extraction worker exited'), true));
    return w;
  }

  function settle(reply: ExtractReply): void {
    const job = running;
    if (!job || job.req.id !== reply.id) return;
    running = undefined;
    clearTimeout(timer);
    crashes = 0;
    if (reply.ok) job.resolve(reply.article);
    else job.reject(replyError(reply));
  }

  /** The worker is gone (or stopped): fail its page; the next page gets a new worker. */
  function lose(w: Worker, error: AppError, crashed: boolean): void {
    if (w !== worker) return;
    worker = undefined;
    ready = false;
    clearTimeout(timer);
    void w.terminate();
    if (crashed) crashes++;
    const job = running;
    running = undefined;
    job?.reject(error);
    if (crashes >= MAX_CRASHES) {
      crashes = 0;
      for (const j of queue.splice(0)) j.reject(error);
    }
    pump();
  }

  function pump(): void {
    if (!running && queue.length > 0) {
      worker ??= start();
      if (ready) {
        const job = queue.shift() as Job;
        running = job;
        const w = worker;
        timer = setTimeout(
          () => lose(w, new AppError('extract.timeout', `page took longer than ${job.timeoutMs} ms`), false),
          job.timeoutMs,
        );
        post(w, running.req);
      }
    }
    // the worker keeps the process alive only while there is a page to read
    if (worker) {
      if (running || queue.length > 0) worker.ref();
      else worker.unref();
    }
  }

  return {
    extract(page, pageOpts) {
      return new Promise<ExtractedArticle>((resolve, reject) => {
        const req = { id: nextId++, page, limits: opts.limits };
        queue.push({ req, timeoutMs: pageOpts?.timeoutMs ?? timeoutMs, resolve, reject });
        pump();
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      clearTimeout(timer);
      const error = new AppError('extract.no_content', 'extractor closed');
      running?.reject(error);
      running = undefined;
      for (const j of queue.splice(0)) j.reject(error);
      await w?.terminate();
    },
  };
}
