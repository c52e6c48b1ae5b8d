/**
 * newsdigest poll --once [--dry-run] [--json]
 * Loads the feed catalog into the store, polls every due feed once and prints the new digests.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli.js';
import { type Config, ConfigError, loadConfig } from '../config/index.js';
import { AppError, toErrorInfo } from '../domain/errors.js';
import type { Lang } from '../domain/types.js';
import { createLogger } from '../log/index.js';
import { formatProblem } from '../pipeline/catalog/index.js';
import { createFetcher, fetcherOptionsFromConfig } from '../pipeline/fetch/index.js';
import { renderText } from '../pipeline/summarize/index.js';
import { createSummaryService } from '../pipeline/summarize/service.js';
import { createPoller, type PollReport, pollerSettingsFromConfig } from '../scheduler/index.js';
import { openStore, parseDatabaseUrl, type Store } from '../store/db.js';
import { syncCatalog } from '../scheduler/catalog-sync.js';
import { listDueFeeds, listFeedUrls, type NewFeed, type StoredFeed } from '../store/feeds-repo.js';
import { printConfigWarnings, printError } from './errors.js';

export const HELP = `Usage: newsdigest poll --once [--dry-run] [--json]

Loads the feed catalog (FEEDS_DIR) into the store, polls every due feed once and prints the digests of
new articles. The first poll of a feed stores its items silently; items older than MAX_ITEM_AGE_HOURS
are stored but not printed. Catalog feeds no longer in FEEDS_DIR are retired (not polled) unless a chat
added them; while the catalog has problems, nothing is retired.
  --once       poll once and exit (required; \`newsdigest start\` keeps polling)
  --dry-run    fetch, parse and summarize, but write nothing to the store
  --json       print one JSON document (report and digests) instead of text
  -h, --help   this help
`;

interface Options {
  dryRun: boolean;
  json: boolean;
}

const fail = printError;

function parseOptions(args: string[]): Options | 'help' {
  let values: { once?: boolean; 'dry-run'?: boolean; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        once: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new AppError('input.invalid_option', (e as Error).message, { option: String(args.join(' ')) });
  }
  if (values.help) return 'help';
  if (!values.once) {
    throw new AppError('input.invalid_option', 'poll needs --once (newsdigest start keeps polling)', {
      option: '--once',
    });
  }
  return { dryRun: values['dry-run'] === true, json: values.json === true };
}

/** A dry run must not create a SQLite file: a missing one is replaced by an in-memory store. */
async function open(config: Config, dryRun: boolean): Promise<Store> {
  const { dialect, target } = parseDatabaseUrl(config.DATABASE_URL);
  if (dryRun && dialect === 'sqlite' && target !== ':memory:' && !existsSync(target)) {
    return openStore('sqlite::memory:');
  }
  return openStore(config.DATABASE_URL);
}

/** Catalog feeds the store does not know yet, as transient feeds for a dry run (negative ids, first poll). */
function transientFeeds(feeds: NewFeed[], known: Set<string>, now: number): StoredFeed[] {
  return feeds
    .filter((f) => !known.has(f.url))
    .map((f, i) => ({
      ...f,
      id: -(i + 1),
      origin: 'catalog' as const,
      nextCheckAt: now,
      health: 'ok' as const,
      errorCount: 0,
      initialized: false,
    }));
}

async function pollWithStore(config: Config, store: Store, opts: Options, io: CliIo): Promise<PollReport> {
  const now = Date.now();
  const { feeds, errors, retired, adopted } = await syncCatalog(store.db, config, now, opts.dryRun);
  for (const p of errors) io.stderr(`warning [config.invalid]: ${formatProblem(p)}\n`);
  if (retired + adopted > 0)
    io.stderr(
      `note: ${retired + adopted} catalog feed(s) no longer in ${config.FEEDS_DIR}: ${retired} retired (not polled), ` +
        `${adopted} kept for the chats that added them\n`,
    );
  const log = createLogger({
    level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
    write: (line) => io.stderr(line),
  });
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  try {
    const poller = createPoller({
      db: store.db,
      fetcher,
      // the same digests as `start`: extractive, or the guarded LLM when configured (a dry run caches nothing)
      summarizer: createSummaryService({ config, store: opts.dryRun ? undefined : store, log }),
      settings: pollerSettingsFromConfig(config),
      log,
      dryRun: opts.dryRun,
    });
    if (!opts.dryRun) return await poller.pollOnce();
    const due = await listDueFeeds(store.db, now, 100_000);
    const known = new Set(await listFeedUrls(store.db));
    return await poller.pollFeeds([...due, ...transientFeeds(feeds, known, now)]);
  } finally {
    await fetcher.close();
  }
}

function print(io: CliIo, report: PollReport, opts: Options, locale: Lang): void {
  const digests = report.results.flatMap((r) => r.announced.flatMap((a) => (a.digest ? [a.digest] : [])));
  if (opts.json) {
    const feeds = report.results.map(({ announced, ...r }) => ({ ...r, announced: announced.length }));
    io.stdout(`${JSON.stringify({ ...report, results: feeds, digests, dryRun: opts.dryRun }, null, 2)}\n`);
    return;
  }
  for (const d of digests) io.stdout(`${renderText(d, locale)}\n\n`);
  for (const r of report.results.filter((x) => x.status === 'failed')) {
    io.stderr(`warning [${r.errorCode}]: ${r.url} (${r.health})\n`);
  }
  io.stdout(
    `polled ${report.due} feed(s): ${report.ok} changed, ${report.notModified} not modified, ${report.failed} failed; ` +
      `${report.newItems} new item(s), ${report.announced} announced${opts.dryRun ? ' (dry run, nothing stored)' : ''}\n`,
  );
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let store: Store | undefined;
  try {
    const opts = parseOptions(args);
    if (opts === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const config = loadConfig(io.env);
    printConfigWarnings(io, config);
    store = await open(config, opts.dryRun);
    const report = await pollWithStore(config, store, opts, io);
    print(io, report, opts, config.DEFAULT_LANGUAGE);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) return fail(io, { code: 'config.invalid', detail: e.problems.join('; ') });
    return fail(io, toErrorInfo(e));
  } finally {
    await store?.close();
  }
}
