import { expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/commands/rate-limit.js';

it('allows perUser per user and perChat per chat within the window, then tells how long to wait', () => {
  const l = createRateLimiter({ perUser: 2, perChat: 3, windowMs: 1000 });
  expect(l.take('u1', 'c1', 0)).toEqual({ allowed: true });
  expect(l.take('u1', 'c1', 100)).toEqual({ allowed: true });
  expect(l.take('u1', 'c1', 200)).toEqual({ allowed: false, retryAfterMs: 800 });
  expect(l.take('u2', 'c1', 300)).toEqual({ allowed: true });
  expect(l.take('u3', 'c1', 400)).toEqual({ allowed: false, retryAfterMs: 600 });
  // a refused attempt is not counted: u3 may go in another chat
  expect(l.take('u3', 'c2', 400)).toEqual({ allowed: true });
  // the window slides
  expect(l.take('u1', 'c1', 1001)).toEqual({ allowed: true });
  expect(l.take('u1', 'c1', 1050)).toEqual({ allowed: false, retryAfterMs: 50 });
});

it('keeps at most maxKeys keys, forgetting the least recently used', () => {
  const l = createRateLimiter({ perUser: 1, perChat: 100, windowMs: 10_000, maxKeys: 4 });
  expect(l.take('a', 'c', 0).allowed).toBe(true);
  for (const u of ['b', 'd', 'e']) l.take(u, 'c', 1);
  // 'a' was evicted (keys: c, b, d, e), so it may go again; 'e' is still remembered
  expect(l.take('a', 'c', 2).allowed).toBe(true);
  expect(l.take('e', 'c', 2).allowed).toBe(false);
});
