/**
 * Store health: is the database reachable right now, and since when. A connection-level failure (server shut
 * down, connection reset or refused, connect timeout) marks the store unavailable: that is logged once
 * (`store.unavailable`), queries fail fast with that code instead of trying a dead server, and a probe checks
 * the server in the background (backing off to `probeMaxMs`) until it answers again; recovery is logged once
 * and announced to the listeners, which resume their work. `readiness()` is the /readyz-style view.
 */
import { AppError, isAppError } from '../domain/errors.js';
import { type Logger, silentLogger } from '../log/index.js';

export interface StoreReadiness {
  /** The process can do its work: the store is reachable. */
  ready: boolean;
  store: {
    reachable: boolean;
    /** Epoch ms of the last change between reachable and unreachable (or of the start). */
    since: number;
    /** ISO form of `since`. */
    sinceIso: string;
    /** Outages seen since the start. */
    outages: number;
    /** Technical cause of the current outage (absent while reachable). */
    detail?: string;
  };
}

export interface StoreHealth {
  available(): boolean;
  readiness(): StoreReadiness;
  /** Report an error from the store: a connection-level one marks the store unavailable. Returns it as thrown. */
  failed(e: unknown): unknown;
  /** Resolves once the store is available (at once when it is), or false after `timeoutMs`. */
  whenAvailable(timeoutMs?: number): Promise<boolean>;
  /** Called with `true` on recovery and `false` at the start of an outage. Returns an unsubscribe. */
  onChange(fn: (available: boolean) => void): () => void;
  /** Where the outage and recovery lines go (the store opens before the app's logger is known). */
  setLogger(log: Logger): void;
  /** Stop probing (store closed). */
  close(): void;
}

export interface StoreHealthOptions {
  /** Throws when the server cannot be reached; resolves when it answers. */
  probe: () => Promise<void>;
  log?: Logger;
  now?: () => number;
  probeMinMs?: number;
  probeMaxMs?: number;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

const CONNECTION_MESSAGES =
  /connection terminated|not queryable|timeout exceeded when trying to connect|connection ended|server closed the connection|terminating connection/i;

/** Whether an error means "the server cannot be reached" (as opposed to a bad query or a constraint). */
export function isConnectionError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (isAppError(cur) && cur.code === 'store.unavailable') return true;
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown };
    const code = typeof err.code === 'string' ? err.code : '';
    // SQLSTATE class 08: connection exception
    if (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (typeof err.message === 'string' && CONNECTION_MESSAGES.test(err.message)) return true;
    cur = err.cause;
  }
  return false;
}

function detailOf(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  const msg = typeof err?.message === 'string' ? err.message : String(e);
  const code = typeof err?.code === 'string' ? err.code : undefined;
  return (code && !msg.includes(code) ? `${code}: ${msg}` : msg).slice(0, 300);
}

export function storeUnavailable(detail: string, cause?: unknown): AppError {
  return new AppError('store.unavailable', detail, {}, cause === undefined ? undefined : { cause });
}

export function createStoreHealth(o: StoreHealthOptions): StoreHealth {
  let log = o.log ?? silentLogger;
  const now = o.now ?? Date.now;
  const minMs = o.probeMinMs ?? 500;
  const maxMs = o.probeMaxMs ?? 5_000;
  let up = true;
  let since = now();
  let outages = 0;
  let detail: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay = minMs;
  let closed = false;
  const listeners = new Set<(available: boolean) => void>();
  const waiters = new Set<(v: boolean) => void>();

  function notify(v: boolean): void {
    for (const fn of [...listeners]) {
      try {
        fn(v);
      } catch (e) {
        log.error({ detail: detailOf(e) }, 'store health listener failed');
      }
    }
  }

  function scheduleProbe(): void {
    if (closed || up || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void o.probe().then(recovered, (e: unknown) => {
        detail = detailOf(e);
        delay = Math.min(maxMs, delay * 2);
        scheduleProbe();
      });
    }, delay);
    timer.unref();
  }

  function recovered(): void {
    if (up || closed) return;
    const downMs = now() - since;
    up = true;
    since = now();
    detail = undefined;
    delay = minMs;
    log.info({ code: 'store.recovered', downMs }, 'store reachable again: work resumes');
    for (const w of [...waiters]) w(true);
    notify(true);
  }

  return {
    available: () => up,
    readiness() {
      return {
        ready: up,
        store: {
          reachable: up,
          since,
          sinceIso: new Date(since).toISOString(),
          outages,
          ...(detail ? { detail } : {}),
        },
      };
    },
    failed(e) {
      if (!isConnectionError(e) || closed) return e;
      if (up) {
        up = false;
        since = now();
        outages++;
        detail = detailOf(e);
        delay = minMs;
        log.warn(
          { code: 'store.unavailable', detail },
          'store unavailable: work is paused and commands answer "temporarily unavailable" until it is back',
        );
        notify(false);
      }
      scheduleProbe();
      return isAppError(e) ? e : storeUnavailable(detailOf(e), e);
    },
    whenAvailable(timeoutMs) {
      if (up) return Promise.resolve(true);
      if (closed) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        let t: NodeJS.Timeout | undefined;
        const done = (v: boolean) => {
          if (t) clearTimeout(t);
          waiters.delete(done);
          resolve(v);
        };
        waiters.add(done);
        if (timeoutMs !== undefined) {
          t = setTimeout(() => done(up), timeoutMs);
          t.unref();
        }
      });
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    setLogger(l) {
      log = l;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      // nobody waits for a closed store
      for (const w of [...waiters]) w(false);
      listeners.clear();
    },
  };
}

/** A health that is always available (SQLite: an embedded file has no server to lose). */
export function alwaysAvailable(): StoreHealth {
  return createStoreHealth({ probe: async () => undefined });
}
