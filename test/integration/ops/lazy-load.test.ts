/**
 * Optional parts are loaded only when used, so a single process starts and idles as before: without HTTP_PORT the
 * app does not load prom-client (dynamic import in main.ts); pino-pretty only when log lines are rendered for
 * people (LOG_FORMAT=pretty or a terminal); without REDIS_URL nothing of the cluster mode (ioredis — CommonJS,
 * imported by src/cluster/redis.ts and by BullMQ — stays out of the module cache). Checked in a fresh child
 * process (this test process may have loaded them).
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
const format = process.env.FORMAT;
const redis = process.env.CLUSTER_REDIS_URL;
const config = configWith({
  DATABASE_URL: 'sqlite::memory:',
  FEEDS_DIR: './no-such-catalog',
  LOG_LEVEL: 'silent',
  ...(port ? { HTTP_PORT: port } : {}),
  ...(format ? { LOG_FORMAT: format } : {}),
  ...(redis ? { REDIS_URL: redis, REDIS_PREFIX: 'lazyload' + process.pid } : {}),
});
const app = await startApp(config, { stdout: () => {}, stderr: () => {} });
const cache = createRequire(import.meta.url)('node:module')._cache;
const loaded = (m) => Object.keys(cache).some((k) => k.includes('/node_modules/' + m + '/'));
process.stdout.write(JSON.stringify({ prom: loaded('prom-client'), pretty: loaded('pino-pretty'), ioredis: loaded('ioredis') }));
await app.stop();
`;

interface Loaded {
  prom: boolean;
  pretty: boolean;
  ioredis: boolean;
}

function loaded(env: { OPS_PORT?: string; FORMAT?: string; CLUSTER_REDIS_URL?: string } = {}): Loaded {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Loaded;
}

describe('optional modules are loaded only when used', () => {
  it('loads nothing optional by default: no prom-client, no pino-pretty, no ioredis/BullMQ', () => {
    expect(loaded()).toEqual({ prom: false, pretty: false, ioredis: false });
  }, 60_000);

  it('loads prom-client with HTTP_PORT and pino-pretty with LOG_FORMAT=pretty', () => {
    expect(loaded({ OPS_PORT: '0' }).prom).toBe(true);
    expect(loaded({ FORMAT: 'pretty' }).pretty).toBe(true);
  }, 60_000);

  it.skipIf(!TEST_REDIS_URL)(
    'loads the cluster mode (ioredis) with REDIS_URL',
    () => {
      expect(loaded({ CLUSTER_REDIS_URL: TEST_REDIS_URL }).ioredis).toBe(true);
    },
    60_000,
  );
});
