/**
 * The refresh's candidate pool: worker threads that run the CPU-heavy half of a refresh off the main thread —
 * parse, identify, and the extractive digest of the unseen items (../candidates.ts) — so only those few items
 * cross back (the poll path only; everything else runs feedCandidates in-process). Each worker takes one feed at
 * a time; a task that runs longer than the timeout terminates its worker (a replacement starts) and fails with
 * `parse.timeout`. Idle workers do not keep the process alive; `close()` terminates them. (`parse` tasks, the
 * parsed feed alone, are used by tests only.)
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../domain/errors.js';
import { type CandidateRequest, type FeedCandidates, feedCandidates } from '../candidates.js';
import type { ParseReply, WorkerRequest } from './worker.js';

export interface CandidatePool {
  readonly size: number;
  /** False once the pool has given up (closed, or its workers kept dying): callers parse in-process. */
  available(): boolean;
  /** feedCandidates in a worker; `timeoutMs` overrides the pool's timeout for this task. */
  candidates(req: CandidateRequest, opts?: { timeoutMs?: number }): Promise<FeedCandidates>;
  close(): Promise<void>;
}

export interface CandidatePoolOptions {
  /** Worker threads (capped at CPU cores - 1; 0 or less: no pool). */
  size: number;
  /** A parse running longer than this is killed (default 10 s). */
  timeoutMs?: number;
}

interface Task {
  req: WorkerRequest;
  timeoutMs: number;
  /** The reply's data as the caller's type (may throw). */
  decode: (data: unknown) => unknown;
  resolve: (value: never) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded its modules (the timeout counts parsing only, not start-up). */
  ready: boolean;
  /** Posted and not answered yet, in order: the worker runs the first, the others wait in its port. */
  tasks: Task[];
  /** The timeout of the first task. */
  timer?: NodeJS.Timeout;
}

/**
 * Tasks posted to a worker ahead of its answers: with one, a worker idles for a round trip through the main
 * thread's event loop between feeds (and longer while the main thread is busy, e.g. writing to the store).
 */
const DEPTH = 4;

/** Pool size for a setting: at most CPU cores - 1, so the main thread keeps a core. */
export function poolSize(setting: number): number {
  return Math.max(0, Math.min(setting, availableParallelism() - 1));
}

/** A smaller young generation than V8's default: more, shorter scavenges, less resident memory. */
const LIMITS = { maxYoungGenerationSizeMb: 8 };

function spawn(): Worker {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const entry = fileURLToPath(new URL('./worker.ts', self));
    return new Worker(new URL('../../dev-worker.cjs', self), {
      workerData: { entry },
      // the bootstrap registers tsx itself; an inherited `--import tsx` would start a loader thread for the worker
      execArgv: [],
      resourceLimits: LIMITS,
    });
  }
  return new Worker(new URL('./worker.js', self), { resourceLimits: LIMITS });
}

const MAX_CRASHES = 3;

/**
 * Sends a request; the body goes as a compact copy whose memory is transferred, not cloned (cloning a Buffer
 * would copy its whole backing ArrayBuffer; the caller's Buffer stays usable for an in-process fallback).
 */
function post(worker: Worker, req: WorkerRequest): void {
  if (typeof req.body === 'string') {
    worker.postMessage(req);
    return;
  }
  const bytes = new Uint8Array(req.body.byteLength);
  bytes.set(req.body);
  worker.postMessage({ ...req, body: bytes }, [bytes.buffer]);
}

/** The pool cannot run tasks (closed, or its workers keep dying): `isPoolUnavailable` tells the caller to run them itself. */
function unavailable(): AppError {
  return new AppError('parse.invalid_xml', 'parse pool unavailable', { pool: 'unavailable' });
}

export function isPoolUnavailable(e: unknown): boolean {
  return e instanceof AppError && e.params.pool === 'unavailable';
}

/** `pooled` when there is a pool, else `local`; `local` too when the pool turns out to be unavailable. */
async function orInProcess<T>(pooled: (() => Promise<T>) | undefined, local: () => Promise<T>): Promise<T> {
  if (!pooled) return local();
  try {
    return await pooled();
  } catch (e) {
    if (isPoolUnavailable(e)) return local();
    throw e;
  }
}

/** feedCandidates with the pool; in-process when there is no pool or it became unavailable. */
export function candidatesWith(
  pool: CandidatePool | undefined,
  req: CandidateRequest,
): Promise<FeedCandidates> {
  return orInProcess(pool && (() => pool.candidates(req)), () => feedCandidates(req));
}

function replyError(reply: Extract<ParseReply, { ok: false }>): AppError {
  const known = (ERROR_CODES as readonly string[]).includes(reply.code);
  const code = (known ? reply.code : 'parse.invalid_xml') as ErrorCode;
  const prefix = `${reply.code}: `;
  const detail = reply.message.startsWith(prefix) ? reply.message.slice(prefix.length) : reply.message;
  return new AppError(code, detail === reply.code ? undefined : detail);
}

/** A pool of `poolSize(size)` workers, or undefined when that is 0 (parse in-process then). */
export function createCandidatePool(opts: CandidatePoolOptions): CandidatePool | undefined {
  const size = poolSize(opts.size);
  if (size === 0) return undefined;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  /** Workers lost in a row without a reply in between; at MAX_CRASHES the pool gives up (callers parse in-process). */
  let crashes = 0;

  function start(): Slot {
    const slot: Slot = { worker: spawn(), ready: false, tasks: [] };
    slot.worker.on('message', (reply: ParseReply | 'ready') => {
      if (reply !== 'ready') settle(slot, reply);
      else {
        slot.ready = true;
        next();
      }
    });
    slot.worker.on('error', (e) =>
      fail(slot, new AppError('parse.invalid_xml', `parse worker failed: ${e.message}`)),
    );
    slot.worker.on('exit', () => fail(slot, new AppError('parse.invalid_xml', 'parse worker exited')));
    slot.worker.unref();
    return slot;
  }

  /** The first task's clock starts when the worker can start it: when posted to an idle worker, or when the task before it is answered. */
  function startTimer(slot: Slot): void {
    clearTimeout(slot.timer);
    const task = slot.tasks[0];
    slot.timer = task
      ? setTimeout(
          () => fail(slot, new AppError('parse.timeout', `parse took longer than ${task.timeoutMs} ms`)),
          task.timeoutMs,
        )
      : undefined;
  }

  function settle(slot: Slot, reply: ParseReply): void {
    const task = slot.tasks[0];
    if (!task || task.req.id !== reply.id) return;
    slot.tasks.shift();
    startTimer(slot);
    crashes = 0;
    if (reply.ok) {
      try {
        task.resolve(task.decode(reply.data) as never);
      } catch (e) {
        task.reject(e);
      }
    } else task.reject(replyError(reply));
    next();
  }

  /**
   * The slot's worker is gone or killed: fail the task it was running, start a replacement; the tasks waiting
   * behind it go back to the front of the queue.
   */
  function fail(slot: Slot, error: AppError): void {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    const [task, ...waiting] = slot.tasks.splice(0);
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    if (error.code !== 'parse.timeout') crashes++;
    if (closed || crashes >= MAX_CRASHES) slots.splice(i, 1);
    else slots[i] = start();
    queue.unshift(...waiting);
    task?.reject(error);
    if (slots.length === 0) for (const t of queue.splice(0)) t.reject(unavailable());
    next();
  }

  /** Workers keep the process alive only while there is work (a queued task waits for a worker to load). */
  function next(): void {
    dispatch();
    for (const slot of slots) {
      if (slot.tasks.length > 0 || queue.length > 0) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  function dispatch(): void {
    for (const slot of slots) {
      while (slot.ready && slot.tasks.length < DEPTH && queue.length > 0) {
        const task = queue.shift() as Task;
        slot.tasks.push(task);
        if (slot.tasks.length === 1) startTimer(slot);
        post(slot.worker, task.req);
      }
    }
  }

  for (let i = 0; i < size; i++) slots.push(start());

  function run<T>(
    req: WorkerRequest,
    decode: (data: unknown) => T,
    runOpts: { timeoutMs?: number } | undefined,
  ): Promise<T> {
    if (slots.length === 0) return Promise.reject(unavailable());
    return new Promise<T>((resolve, reject) => {
      queue.push({ req, timeoutMs: runOpts?.timeoutMs ?? timeoutMs, decode, resolve, reject });
      next();
    });
  }

  return {
    size,
    available: () => slots.length > 0,
    candidates(input, runOpts) {
      const req: WorkerRequest = { op: 'candidates', id: nextId++, ...input };
      return run(req, (data) => data as FeedCandidates, runOpts);
    },
    async close() {
      closed = true;
      const error = unavailable();
      for (const t of queue.splice(0)) t.reject(error);
      const all = slots.splice(0);
      for (const s of all) {
        clearTimeout(s.timer);
        for (const t of s.tasks.splice(0)) t.reject(error);
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
