/**
 * Redis connections for the cluster mode (REDIS_URL set). Only this folder imports ioredis and BullMQ, and it is
 * loaded only when REDIS_URL is set. BullMQ workers need `maxRetriesPerRequest: null` (blocking commands must
 * wait through a reconnect instead of failing); connections reconnect forever with a capped back-off.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log/index.js';

export type { Redis } from 'ioredis';

/** The URL without its password, for log lines. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'redis';
  }
}

export interface RedisConnectOptions {
  log: Logger;
  /** Used in log lines ("queue", "limits", …). */
  role: string;
  /** Connection-level options on top of the defaults. */
  extra?: RedisOptions;
}

/**
 * A new connection. Its errors are logged once per outage (ioredis emits one per reconnect attempt), and the
 * recovery once; the connection keeps retrying with a back-off capped at 2 s.
 */
export function connectRedis(url: string, o: RedisConnectOptions): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: `newsdigest:${o.role}`,
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    ...o.extra,
  });
  let down = false;
  redis.on('error', (e: Error & { code?: string }) => {
    if (down) return;
    down = true;
    o.log.warn({ role: o.role, redis: redisLabel(url), code: e.code ?? 'error' }, 'redis unavailable');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    o.log.info({ role: o.role, redis: redisLabel(url) }, 'redis available again');
  });
  return redis;
}
