/**
 * What an operator sees from the real CLI (`node dist/cli.js` as a child process, built first when dist is older
 * than src): unusable catalog files, store errors at start, bad settings, and secrets in upstream error text.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../helpers/net.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';
import { type FeedServer, longText, rss, startFeedServer } from '../pipeline/feed-server.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'cli-operator-'));

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

beforeAll(() => {
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < newestMtime(join(ROOT, 'src'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Run the CLI with only `env` (plus PATH); with `until`, send SIGTERM once the output matches it. */
function cli(args: string[], env: Record<string, string>, until?: RegExp, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    });
    let out = '';
    let err = '';
    let stopping = false;
    const check = () => {
      if (until && !stopping && until.test(out + err)) {
        stopping = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      check();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${args.join(' ')}\n${out}\n${err}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

const sqlite = (name: string) => `sqlite:${join(dir, 'db', `${name}-${randomBytes(3).toString('hex')}.db`)}`;
const noPlaceholder = (r: Run) => expect(r.out + r.err).not.toMatch(/\{\w+\}/);

describe('catalog files that cannot be read', () => {
  let feeds: FeedServer;
  let catalog: string;
  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.set('/kreis.xml', {
      body: rss('Kreisbote', [
        {
          guid: 'k-1',
          link: 'https://kreisbote.example/a/1',
          title: 'Kreistag bewilligt 2,4 Millionen Euro',
          date: Date.now() - 3_600_000,
          content: longText('den Haushalt', 4),
        },
      ]),
      contentType: 'application/rss+xml',
    });
    catalog = join(dir, 'feeds-odd');
    mkdirSync(catalog);
    mkdirSync(join(catalog, 'bad.yaml'));
    symlinkSync('loop.yaml', join(catalog, 'loop.yaml'));
    writeFileSync(
      join(catalog, 'local.yaml'),
      `feeds:\n  - url: ${feeds.url('/kreis.xml')}\n    name: Kreisbote\n    language: de\n`,
    );
  });
  afterAll(() => feeds.close());

  const env = () => ({
    FEEDS_DIR: catalog,
    ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
    ALLOW_PORTS: String(feeds.port),
    FULL_TEXT: 'false',
  });

  it('poll --once warns about each and polls the rest of the catalog', async () => {
    const r = await cli(['poll', '--once'], { ...env(), DATABASE_URL: sqlite('poll') });
    expect(r.err).toMatch(/warning \[config\.invalid\]: bad\.yaml: not a regular file/);
    expect(r.err).toMatch(/warning \[config\.invalid\]: loop\.yaml: .*symbolic link loop/);
    expect(r.err).not.toMatch(/error \[/);
    expect(r.out).toMatch(/polled 1 feed\(s\): 1 changed/);
    expect(r.code).toBe(0);
  });

  it('start logs them as catalog problems and runs', async () => {
    const r = await cli(['start'], { ...env(), DATABASE_URL: sqlite('start') }, /news-digest-bot started/);
    expect(r.err).not.toMatch(/error \[/);
    const problems = r.err
      .split('\n')
      .filter((l) => l.includes('feed catalog problem'))
      .map((l) => JSON.parse(l).problem as string);
    expect(problems).toEqual([
      expect.stringMatching(/^bad\.yaml: not a regular file/),
      expect.stringMatching(/^loop\.yaml: .*symbolic link loop/),
    ]);
    expect(r.err).toMatch(/"feeds":1/);
    expect(r.code).toBe(0);
  });

  it('start stops gracefully on a SIGTERM that comes while it is still starting', async () => {
    // the first catalog problem is logged during start-up, before "news-digest-bot started"
    const r = await cli(['start'], { ...env(), DATABASE_URL: sqlite('early') }, /feed catalog problem/);
    expect(r.err).not.toMatch(/error \[/);
    const messages = r.err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l).msg as string);
    expect(messages.filter((m) => /^(news-digest-bot (started|stopped)|shutting down)$/.test(m))).toEqual([
      'news-digest-bot started',
      'shutting down',
      'news-digest-bot stopped',
    ]);
    expect(r.code).toBe(0);
  });
});

describe('store errors at start', () => {
  beforeAll(() => {
    mkdirSync(join(dir, 'db'), { recursive: true });
    mkdirSync(join(dir, 'db', 'folder.db'));
    writeFileSync(join(dir, 'db', 'notes.db'), `plain text, not SQLite ${'.'.repeat(200)}`);
    writeFileSync(join(dir, 'db', 'file'), 'x');
  });
  const base = { FEEDS_DIR: join(dir, 'no-feeds') };

  it.each([
    ['a folder as SQLite path', 'folder.db', 'store.bad_path', /SQLite path .*folder\.db/],
    ['a path below a file', 'file/news.db', 'store.bad_path', /file\/news\.db/],
    ['a file that is not SQLite', 'notes.db', 'store.not_sqlite', /notes\.db is not a SQLite database/],
  ])('%s: %s is %s', async (_what, path, code, message) => {
    const r = await cli(['start'], { ...base, DATABASE_URL: `sqlite:${join(dir, 'db', path)}` });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^error \\[${code.replace('.', '\\.')}\\]: `, 'm'));
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/DATABASE_URL/);
    noPlaceholder(r);
  });

  it('an unreachable PostgreSQL server names host and port, never the password', async () => {
    const port = await closedPort();
    const r = await cli(['start'], {
      ...base,
      DATABASE_URL: `postgres://bot:Pw-7x9q@127.0.0.1:${port}/news`,
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^error \\[store\\.unreachable\\]: .*127\\.0\\.0\\.1:${port}`, 'm'));
    expect(r.err).not.toContain('Pw-7x9q');
    noPlaceholder(r);
  });

  it.skipIf(!TEST_DATABASE_URL)('a missing database says how to create it', async () => {
    const url = new URL(TEST_DATABASE_URL ?? 'postgres://x');
    url.pathname = `/missing_${randomBytes(4).toString('hex')}`;
    const r = await cli(['start'], { ...base, DATABASE_URL: url.toString() });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error \[store\.no_database\]: .*createdb missing_/m);
  });
});

describe('settings and error lines', () => {
  it.each([['start'], ['poll', '--once'], ['check-feed', 'https://example.org/feed.xml']])(
    'DATABASE_URL=garbage %s is config.invalid without a placeholder',
    async (...args) => {
      const r = await cli(args, { DATABASE_URL: 'garbage' });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^error \[config\.invalid\]: The configuration is invalid: DATABASE_URL: must be/m,
      );
      noPlaceholder(r);
    },
  );

  it('start refuses a bad allow list, bad ports and a three-field schedule, naming each', async () => {
    const r = await cli(['start'], {
      ALLOW_PRIVATE_HOSTS: '300.1.1.1/99',
      ALLOW_PORTS: '99999,abc',
      DIGEST_SCHEDULE: '* * *',
    });
    expect(r.code).toBe(1);
    const line = r.err.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^error \[config\.invalid\]/);
    expect(line).toMatch(/ALLOW_PRIVATE_HOSTS: "300\.1\.1\.1\/99" is not a CIDR/);
    expect(line).toMatch(/ALLOW_PORTS: "99999" is not a port \(1-65535\); "abc" is not a port/);
    expect(line).toMatch(/DIGEST_SCHEDULE: must be a cron expression of five fields/);
  });

  it('start warns loudly about 0.0.0.0/0 and ::/0 in the allow list, whatever the log level', async () => {
    const r = await cli(['start'], {
      ALLOW_PRIVATE_HOSTS: '127.0.0.1/32,0.0.0.0/0,::/0',
      LOG_LEVEL: 'silent',
      DATABASE_URL: `sqlite:${join(dir, 'db', 'folder.db')}`,
    });
    const warnings = r.err.split('\n').filter((l) => l.startsWith('warning [config.risky]'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('0.0.0.0/0');
    expect(warnings[1]).toContain('::/0');
    expect(r.err).not.toContain('127.0.0.1/32,');
  });
});

/** Percent escapes in lower case (%3a), as some servers write them. */
const lowerHex = (s: string) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

describe('secrets in upstream error text', () => {
  let api: Server;
  let apiRoot: string;
  beforeAll(async () => {
    // a Telegram API that echoes the request URL in its 401 description: as is, percent-encoded and twice encoded
    api = createHttpServer((req, res) => {
      const url = req.url ?? '';
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ok: false,
          error_code: 401,
          description: `Unauthorized: ${req.method} ${url} (${encodeURIComponent(url)}, ${lowerHex(encodeURIComponent(encodeURIComponent(url)))})`,
        }),
      );
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    apiRoot = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => api.close(() => r())));

  it('the one-line start error and every log line are scrubbed of the bot token and the other secrets', async () => {
    const token = '7012345678:AAHx_Secret-Token0';
    const r = await cli(['start'], {
      FEEDS_DIR: join(dir, 'no-feeds'),
      DATABASE_URL: sqlite('secret'),
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: apiRoot,
      LLM_API_KEY: 'sk-llm-key-0001',
      LOG_LEVEL: 'debug',
    });
    expect(r.code).toBe(1);
    const all = r.out + r.err;
    expect(r.err).toMatch(/^error \[\w+(\.\w+)?\]: .*401/m);
    expect(r.err).toContain('[REDACTED]');
    // the token in any form: raw, with %3A, with %253a
    expect(all).not.toContain('AAHx_Secret-Token0');
    expect(all).not.toContain('7012345678');
    expect(all).not.toContain('sk-llm-key-0001');
  });
});
