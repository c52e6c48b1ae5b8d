/**
 * `newsdigest start` with no platform token, as `npm start` runs it on a fresh machine: a child process polls a
 * loopback feed into a temp SQLite file and the console publisher prints the digests; SIGTERM stops it cleanly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FEED = readFileSync(new URL('../../fixtures/delivery/local-feed.xml', import.meta.url), 'utf8');
const HEADLINES = [
  'Stadtrat beschließt Ausbau des Radwegenetzes um 42 Kilometer',
  'Hallenbad öffnet nach zweijähriger Sanierung wieder',
  'Wochenmarkt zieht wegen Bauarbeiten auf den Kirchplatz um',
];

function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check() || Date.now() - started > ms) {
        clearInterval(timer);
        resolve(check());
      }
    }, 100);
  });
}

describe('newsdigest start without tokens', () => {
  let server: Server;
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
      res.end(FEED.replaceAll('{{DATE}}', new Date().toUTCString()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'newsdigest-start-'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('polls the catalog, prints digests on the console and shuts down on SIGTERM', async () => {
    const { port } = server.address() as AddressInfo;
    const feeds = join(dir, 'feeds');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(feeds);
    writeFileSync(
      join(feeds, 'local.yaml'),
      `feeds:\n  - url: http://127.0.0.1:${port}/feed.xml\n    name: Lokalblatt\n    language: de\n    tags: [lokal]\n`,
    );
    const db = join(dir, 'bot.db');
    child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: `sqlite:${db}`,
        FEEDS_DIR: feeds,
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
    const printed = await waitFor(() => HEADLINES.every((h) => out.includes(h)), 40_000);
    expect(printed, `stdout:\n${out}\nstderr:\n${err}`).toBe(true);
    expect(out).toContain('Lokalblatt');
    expect(out).toMatch(/42 (Kilometer|km)/);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000)),
    ]);
    expect(code, err).toBe(0);
    expect(err).toContain('news-digest-bot stopped');
    expect(err).not.toMatch(/"level":(50|60)/);

    const store = await openStore(`sqlite:${db}`);
    const rows = await store.db.selectFrom('deliveries').select(['status']).execute();
    await store.close();
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
  }, 60_000);
});
