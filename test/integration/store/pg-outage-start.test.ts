/**
 * `newsdigest start` (the real start path, console publisher) on PostgreSQL through a TCP proxy: cutting every
 * connection while the bot idles between polls does not kill it (before: `Unhandled 'error' event` within a
 * fraction of a second); it logs the outage once, the recovery once, and still shuts down cleanly on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type ProxiedStore, proxiedPostgresStore } from '../../helpers/proxied-store.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FEED = readFileSync(new URL('../../fixtures/delivery/local-feed.xml', import.meta.url), 'utf8');

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const start = Date.now();
  while (!check() && Date.now() - start < ms) await new Promise((r) => setTimeout(r, 100));
  return check();
}

describe.skipIf(!TEST_DATABASE_URL)('newsdigest start through a PostgreSQL outage', () => {
  let server: Server | undefined;
  let dir: string | undefined;
  let child: ChildProcess | undefined;
  let ps: ProxiedStore | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (server) await new Promise((r) => server?.close(r));
    await ps?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stays alive through a cut, logs it once, recovers and stops cleanly', async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      res.end(FEED.replaceAll('{{DATE}}', new Date().toUTCString()));
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    // the schema is migrated here; the bot opens its own pool through the same proxy
    ps = await proxiedPostgresStore(TEST_DATABASE_URL as string);
    dir = mkdtempSync(join(tmpdir(), 'newsdigest-pg-outage-'));
    mkdirSync(join(dir, 'feeds'));
    writeFileSync(
      join(dir, 'feeds', 'local.yaml'),
      `feeds:\n  - url: http://127.0.0.1:${port}/feed.xml\n    name: Lokalblatt\n    language: de\n`,
    );
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: ps.url,
        FEEDS_DIR: join(dir, 'feeds'),
        ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
        ALLOW_PORTS: String(port),
        FULL_TEXT: 'false',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString('utf8');
    });
    child.stderr?.on('data', (b: Buffer) => {
      err += b.toString('utf8');
    });
    const count = (code: string) => err.split(`"code":"${code}"`).length - 1;
    expect(await until(() => err.includes('poll cycle done'), 40_000), err).toBe(true);
    expect(await until(() => out.includes('Radwegenetzes'), 10_000), out).toBe(true);

    ps.proxy.cut();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(child.exitCode, err).toBeNull();
    expect(count('store.unavailable'), err).toBe(1);

    ps.proxy.restore();
    expect(await until(() => count('store.recovered') === 1, 15_000), err).toBe(true);
    expect(child.exitCode).toBeNull();

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited, err).toBe(0);
    expect(count('store.unavailable')).toBe(1);
    expect(err).not.toMatch(/"level":(50|60)/);
    expect(err).not.toMatch(/Unhandled|BoundPool/);
  }, 90_000);
});
