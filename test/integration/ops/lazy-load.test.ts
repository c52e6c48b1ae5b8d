/**
 * Without HTTP_PORT the app does not load prom-client (dynamic import in main.ts), so a single process starts and
 * idles as before; with it, it does. Checked in a fresh child process (this test process may have loaded it).
 * The same for pino-pretty: loaded only when log lines are rendered for people (LOG_FORMAT=pretty or a terminal).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const SCRIPT = `
import { createRequire } from 'node:module';
import { configWith } from './src/config/index.ts';
import { startApp } from './src/main.ts';
const port = process.env.OPS_PORT;
const format = process.env.FORMAT;
const config = configWith({
  DATABASE_URL: 'sqlite::memory:',
  FEEDS_DIR: './no-such-catalog',
  LOG_LEVEL: 'silent',
  ...(port ? { HTTP_PORT: port } : {}),
  ...(format ? { LOG_FORMAT: format } : {}),
});
const app = await startApp(config, { stdout: () => {}, stderr: () => {} });
const cache = createRequire(import.meta.url)('node:module')._cache;
const loaded = (m) => Object.keys(cache).some((k) => k.includes(m));
process.stdout.write(JSON.stringify({ prom: loaded('prom-client'), pretty: loaded('pino-pretty') }));
await app.stop();
`;

function loaded(env: { OPS_PORT?: string; FORMAT?: string } = {}): { prom: boolean; pretty: boolean } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { prom: boolean; pretty: boolean };
}

describe('optional modules are loaded only when used', () => {
  it('is not loaded without HTTP_PORT and is loaded with it', () => {
    expect(loaded().prom).toBe(false);
    expect(loaded({ OPS_PORT: '0' }).prom).toBe(true);
  }, 60_000);

  it('loads pino-pretty only for LOG_FORMAT=pretty', () => {
    expect(loaded().pretty).toBe(false);
    expect(loaded({ FORMAT: 'pretty' }).pretty).toBe(true);
  }, 60_000);
});
