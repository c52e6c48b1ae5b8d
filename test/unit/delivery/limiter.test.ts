import { describe, expect, it } from 'vitest';
import { RateLimiter, WindowBucket, limitsFromConfig } from '../../../src/delivery/limiter.js';
import { configWith } from '../../../src/config/index.js';

describe('WindowBucket', () => {
  it('allows count tokens per window, each returning one window (+1 ms margin) after its send finished', () => {
    const b = new WindowBucket({ count: 3, windowMs: 1000 });
    for (const t of [0, 10, 20]) {
      expect(b.waitMs(t)).toBe(0);
      b.take(t)(t);
    }
    expect(b.waitMs(30)).toBe(971);
    expect(b.waitMs(1001)).toBe(0);
    b.take(1001)(1001);
    expect(b.waitMs(1001)).toBe(10);
  });

  it('counts the window from when a send finished, so slow requests cannot bunch up at the platform', () => {
    const b = new WindowBucket({ count: 1, windowMs: 1000 });
    const release = b.take(0);
    // still in flight: no token, estimate one window
    expect(b.waitMs(500)).toBe(1000);
    release(400); // the request took 400 ms (+1 ms margin)
    expect(b.waitMs(1000)).toBe(401);
    expect(b.waitMs(1401)).toBe(0);
  });

  it('honours a block (retry-after) even with tokens left', () => {
    const b = new WindowBucket({ count: 5, windowMs: 1000 });
    b.block(5000);
    expect(b.waitMs(1000)).toBe(4000);
    expect(b.waitMs(5000)).toBe(0);
  });
});

describe('RateLimiter', () => {
  const config = configWith({});
  const limiter = () => new RateLimiter((p) => limitsFromConfig(config, p));

  it('reads the platform defaults from the settings', () => {
    expect(limitsFromConfig(config, 'telegram')).toEqual({
      global: { count: 30, windowMs: 1000 },
      perChat: { count: 1, windowMs: 1000 },
      perGroup: { count: 20, windowMs: 60_000 },
    });
    expect(limitsFromConfig(config, 'discord')).toEqual({
      global: { count: 50, windowMs: 1000 },
      perChat: { count: 5, windowMs: 5000 },
    });
    expect(limitsFromConfig(configWith({ TELEGRAM_RATE_GLOBAL: '10/2min' }), 'telegram').global).toEqual({
      count: 10,
      windowMs: 120_000,
    });
    expect(() => configWith({ DISCORD_RATE_GLOBAL: 'fast' })).toThrow(/DISCORD_RATE_GLOBAL/);
  });

  it('applies the per-group limit only to Telegram groups and channels', () => {
    const l = limiter();
    const group = { platform: 'telegram' as const, chatId: '-1001' };
    const user = { platform: 'telegram' as const, chatId: '42' };
    let t = 0;
    for (let i = 0; i < 20; i++, t += 1001) {
      expect(l.waitMs(group, t)).toBe(0);
      l.take(group, t)(t);
    }
    expect(l.waitMs(group, t)).toBe(60_001 - t);
    expect(l.waitMs(user, t)).toBe(0);
  });

  it('holds the global limit across chats and leaves the console unlimited', () => {
    const l = limiter();
    for (let i = 0; i < 30; i++) l.take({ platform: 'telegram', chatId: String(i) }, 0)(0);
    expect(l.waitMs({ platform: 'telegram', chatId: 'other' }, 0)).toBe(1001);
    expect(l.waitMs({ platform: 'discord', chatId: 'other' }, 0)).toBe(0);
    for (let i = 0; i < 1000; i++) l.take({ platform: 'console', chatId: 'c' }, 0)(0);
    expect(l.waitMs({ platform: 'console', chatId: 'c' }, 0)).toBe(0);
  });

  it('forgets idle chats', () => {
    const l = limiter();
    l.take({ platform: 'telegram', chatId: '1' }, 0)(0);
    l.sweep(5000);
    expect(l.waitMs({ platform: 'telegram', chatId: '1' }, 5000)).toBe(0);
  });
});
