/**
 * Why a store could not be opened at start, as a coded error that says what the operator has to fix:
 * an unreachable PostgreSQL server, a missing database, a refused login, a SQLite path that cannot be a file,
 * a file that is not SQLite. Anything else keeps its own error (a failed migration stays store.unavailable).
 */
import { AppError, type ErrorCode } from '../domain/errors.js';
import type { Dialect } from './db.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EPIPE',
]);
const PATH_CODES = new Set([
  'EEXIST',
  'ENOTDIR',
  'EISDIR',
  'EACCES',
  'EPERM',
  'EROFS',
  'ELOOP',
  'ENAMETOOLONG',
]);

interface Described {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and everything it wraps (cause chain, AggregateError members), outermost first. */
function chain(e: unknown): Described[] {
  const out: Described[] = [];
  const queue: unknown[] = [e];
  while (queue.length > 0 && out.length < 20) {
    const next = queue.shift();
    if (!next || typeof next !== 'object') continue;
    const d = next as Described;
    out.push(d);
    if (d.cause) queue.push(d.cause);
    if (Array.isArray(d.errors)) queue.push(...d.errors);
  }
  return out;
}

/** host:port and database of a PostgreSQL URL, never its user or password. */
export function postgresTarget(url: string): { target: string; database: string } {
  try {
    const u = new URL(url);
    const host = u.hostname === '' ? 'localhost' : u.hostname;
    const user = decodeURIComponent(u.username) || 'postgres';
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || user;
    return { target: `${host}:${u.port || '5432'}`, database };
  } catch {
    return { target: 'the configured host', database: '?' };
  }
}

function classify(parts: Described[], dialect: Dialect): ErrorCode | undefined {
  const codes = parts.map((p) => (typeof p.code === 'string' ? p.code : ''));
  const text = parts.map((p) => (typeof p.message === 'string' ? p.message : '')).join(' | ');
  if (dialect === 'postgres') {
    if (codes.includes('3D000')) return 'store.no_database';
    if (codes.some((c) => c === '28P01' || c === '28000')) return 'store.auth_failed';
    if (codes.some((c) => NETWORK_CODES.has(c))) return 'store.unreachable';
    if (/connection timeout|Connection terminated unexpectedly/i.test(text)) return 'store.unreachable';
    return undefined;
  }
  if (codes.some((c) => c === 'SQLITE_NOTADB' || c.startsWith('SQLITE_CORRUPT'))) return 'store.not_sqlite';
  if (
    codes.some(
      (c) =>
        PATH_CODES.has(c) ||
        c.startsWith('SQLITE_CANTOPEN') ||
        c.startsWith('SQLITE_READONLY') ||
        c === 'SQLITE_PERM',
    )
  )
    return 'store.bad_path';
  return undefined;
}

/** The coded error for a failed open, or the original error when the cause is none of the known ones. */
export function storeOpenError(e: unknown, dialect: Dialect, target: string): unknown {
  const parts = chain(e);
  const code = classify(parts, dialect);
  if (!code) return e;
  const detail = parts
    .map((p) => (typeof p.message === 'string' ? p.message : ''))
    .filter((m) => m !== '')
    .join(': ');
  const params =
    dialect === 'postgres' ? postgresTarget(target) : { target: target.replace(/[\r\n]+/g, ' ') };
  return new AppError(code, detail, params, { cause: e });
}
