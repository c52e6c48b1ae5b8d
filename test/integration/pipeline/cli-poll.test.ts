import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli.js';
import { run } from '../../../src/cli/poll.js';
import { openStore } from '../../../src/store/db.js';
import { knownIds } from '../../../src/store/articles-repo.js';
import { getFeedByUrl } from '../../../src/store/feeds-repo.js';
import { type FeedItem, type FeedServer, longText, rss, startFeedServer } from './feed-server.js';

let server: FeedServer;
let dir: string;

beforeAll(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'cli-poll-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function io(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    stdin: async function* () {},
    env,
  };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

const item = (n: number): FeedItem => ({
  guid: `cli-${n}`,
  link: `https://kreisbote.example/artikel/${n}`,
  title: `Kreistag bewilligt Mittel für Projekt ${n}`,
  date: Date.now() - 3_600_000,
  content: longText(`das Projekt ${n}`, n + 3),
});

describe('newsdigest poll', () => {
  const env = () => ({
    FEEDS_DIR: join(dir, 'feeds'),
    DATABASE_URL: `sqlite:${join(dir, 'db', 'news.db')}`,
    ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
    ALLOW_PORTS: String(server.port),
    FULL_TEXT: 'false',
    LOG_LEVEL: 'silent',
  });

  beforeAll(() => {
    const feeds = join(dir, 'feeds');
    rmSync(feeds, { recursive: true, force: true });
    makeDir(feeds);
    writeFileSync(
      join(feeds, 'local.yaml'),
      `feeds:\n  - url: ${server.url('/kreis.xml')}\n    name: Kreisbote\n    language: de\n    tags: [lokal]\n  - url: ${server.url('/x.xml')}\n    name: Falsch\n    language: xx\n`,
    );
  });

  it('prints help and refuses a call without --once', async () => {
    const h = io(env());
    expect(await run(['--help'], h.cli)).toBe(0);
    expect(h.out()).toContain('poll --once');
    const m = io(env());
    expect(await run([], m.cli)).toBe(2);
    expect(m.err()).toMatch(/^error \[input\.invalid_option\]: /);
    const u = io(env());
    expect(await run(['--once', '--bogus'], u.cli)).toBe(2);
  });

  it('a dry run on a missing database creates no file and stores nothing', async () => {
    server.set('/kreis.xml', { body: rss('Kreisbote', [item(1), item(2)]) });
    const r = io(env());
    expect(await run(['--once', '--dry-run'], r.cli)).toBe(0);
    expect(r.out()).toContain('polled 1 feed(s): 1 changed');
    expect(r.out()).toContain('2 new item(s), 0 announced (dry run, nothing stored)');
    expect(existsSync(join(dir, 'db', 'news.db'))).toBe(false);
  });

  it('loads the catalog, polls silently first, then prints new digests; dry run writes nothing', async () => {
    const first = io(env());
    expect(await run(['--once'], first.cli)).toBe(0);
    expect(first.err()).toMatch(
      /warning \[config\.invalid\]: local\.yaml: line 8: feeds\[1\]\.language: must be de or en/,
    );
    expect(first.out()).toContain('2 new item(s), 0 announced');

    // make the feed due again and publish a new item
    const url = server.url('/kreis.xml');
    const store = await openStore(env().DATABASE_URL);
    const feed = await getFeedByUrl(store.db, url);
    await store.db.updateTable('feeds').set({ next_check_at: 0 }).execute();
    await store.close();
    server.set('/kreis.xml', { body: rss('Kreisbote', [item(3), item(1), item(2)]) });

    const dry = io(env());
    expect(await run(['--once', '--dry-run', '--json'], dry.cli)).toBe(0);
    const doc = JSON.parse(dry.out()) as {
      announced: number;
      digests: { headline: string }[];
      dryRun: boolean;
    };
    expect(doc).toMatchObject({ announced: 1, dryRun: true });
    expect(doc.digests[0]?.headline).toContain('Projekt 3');
    const check = await openStore(env().DATABASE_URL);
    expect(await knownIds(check.db, feed?.id ?? 0, ['cli-3'])).toEqual(new Set());
    await check.close();

    const second = io(env());
    expect(await run(['--once'], second.cli)).toBe(0);
    expect(second.out()).toContain('Kreistag bewilligt Mittel für Projekt 3');
    expect(second.out()).toContain('Kreisbote');
    expect(second.out()).toContain('1 new item(s), 1 announced');

    const third = io(env());
    expect(await run(['--once'], third.cli)).toBe(0);
    expect(third.out()).toContain('polled 0 feed(s)');
  });

  it('reports a bad DATABASE_URL with a stable code', async () => {
    const r = io({ ...env(), DATABASE_URL: 'mysql://nope' });
    expect(await run(['--once'], r.cli)).toBe(1);
    expect(r.err()).toMatch(/^error \[config\.invalid\]/);
  });
});

function makeDir(p: string): void {
  rmSync(p, { recursive: true, force: true });
  mkdirSync(p, { recursive: true });
}
