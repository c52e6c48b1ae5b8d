/**
 * Without HTTP_PORT the app does not load prom-client (dynamic import in main.ts), so a single process starts and
 * idles as before; with it, it does. Likewise without REDIS_URL nothing of the cluster mode is loaded: ioredis
 * (CommonJS, imported by src/cluster/redis.ts and by BullMQ) stays out of the module cache. Checked in a fresh
 * child process (this test process may have loaded them).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../helpers/redis.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const SCRIPT = `
import { createRequire } from 'node:module';
import { configWith } from './src/config/index.ts';
import { startApp } from './src/main.ts';
const port = process.env.OPS_PORT;
const redis = process.env.CLUSTER_REDIS_URL;
const config = configWith({
  DATABASE_URL: 'sqlite::memory:',
  FEEDS_DIR: './no-such-catalog',
  LOG_LEVEL: 'silent',
  ...(port ? { HTTP_PORT: port } : {}),
  ...(redis ? { REDIS_URL: redis, REDIS_PREFIX: 'lazyload' + process.pid } : {}),
});
const app = await startApp(config, { stdout: () => {}, stderr: () => {} });
const cache = createRequire(import.meta.url)('node:module')._cache;
const which = process.env.WHICH ?? 'prom-client';
process.stdout.write(String(Object.keys(cache).some((k) => k.includes('/node_modules/' + which + '/'))));
await app.stop();
`;

function promClientLoaded(port?: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(port ? { OPS_PORT: port } : {}) },
    encoding: 'utf8',
  });
}

function ioredisLoaded(redisUrl?: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      WHICH: 'ioredis',
      ...(redisUrl ? { CLUSTER_REDIS_URL: redisUrl } : {}),
    },
    encoding: 'utf8',
  });
}

describe('prom-client is loaded only with HTTP_PORT', () => {
  it('is not loaded without HTTP_PORT and is loaded with it', () => {
    expect(promClientLoaded()).toBe('false');
    expect(promClientLoaded('0')).toBe('true');
  }, 60_000);
});

describe('the cluster mode (ioredis, BullMQ, src/cluster) is loaded only with REDIS_URL', () => {
  it('is not loaded without REDIS_URL', () => {
    expect(ioredisLoaded()).toBe('false');
  }, 60_000);
  it.skipIf(!TEST_REDIS_URL)(
    'is loaded with REDIS_URL',
    () => {
      expect(ioredisLoaded(TEST_REDIS_URL)).toBe('true');
    },
    60_000,
  );
});
