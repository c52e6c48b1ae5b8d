/**
 * Without HTTP_PORT the app does not load prom-client (dynamic import in main.ts), so a single process starts and
 * idles as before; with it, it does. Checked in a fresh child process (this test process may have loaded it).
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
const config = configWith({
  DATABASE_URL: 'sqlite::memory:',
  FEEDS_DIR: './no-such-catalog',
  LOG_LEVEL: 'silent',
  ...(port ? { HTTP_PORT: port } : {}),
});
const app = await startApp(config, { stdout: () => {}, stderr: () => {} });
const cache = createRequire(import.meta.url)('node:module')._cache;
process.stdout.write(String(Object.keys(cache).some((k) => k.includes('prom-client'))));
await app.stop();
`;

function promClientLoaded(port?: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(port ? { OPS_PORT: port } : {}) },
    encoding: 'utf8',
  });
}

describe('prom-client is loaded only with HTTP_PORT', () => {
  it('is not loaded without HTTP_PORT and is loaded with it', () => {
    expect(promClientLoaded()).toBe('false');
    expect(promClientLoaded('0')).toBe('true');
  }, 60_000);
});
