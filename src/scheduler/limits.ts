/** Bounded concurrency: overall and per host. A task waiting for its host holds no overall slot. */
import pLimit, { type LimitFunction } from 'p-limit';

export interface Limiter {
  run<T>(url: string, fn: () => Promise<T>): Promise<T>;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

export function createLimiter(overall: number, perHost: number): Limiter {
  const global = pLimit(Math.max(1, overall));
  const hosts = new Map<string, LimitFunction>();
  return {
    run<T>(url: string, fn: () => Promise<T>): Promise<T> {
      const host = hostOf(url);
      let h = hosts.get(host);
      if (!h) {
        h = pLimit(Math.max(1, perHost));
        hosts.set(host, h);
      }
      const limit = h;
      return limit(async () => {
        try {
          return await global(fn);
        } finally {
          if (limit.activeCount + limit.pendingCount <= 1) hosts.delete(host);
        }
      });
    },
  };
}
