/**
 * newsdigest check-feed <url|file> [--json]
 * Fetches a feed through the guarded fetcher (or reads a file), parses it and prints its items.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli.js';
import { type Config, ConfigError, loadConfig } from '../config/index.js';
import { AppError, toErrorInfo } from '../domain/errors.js';
import { createFetcher, fetcherOptionsFromConfig } from '../pipeline/fetch/index.js';
import { type InspectedItem, inspectFeed, type ParsedFeed } from '../pipeline/refresh/index.js';
import { printConfigWarnings, printError } from './errors.js';

export const HELP = `Usage: newsdigest check-feed <url|file> [--json]

Fetches one feed through the guarded fetcher (or reads a local file), parses it and prints its
title and items (id, title, link, date, language). Exits non-zero with "error [code]: message" on failure.
  --json       print one JSON document instead of text
  -h, --help   this help
`;

interface Source {
  body: Buffer;
  contentType?: string;
  url?: string;
  config?: Config;
}

const fail = printError;

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s);

function readSource(path: string, limit: number): Omit<Source, 'config'> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new AppError('input.missing_file', path, { path });
  }
  if (size > limit) throw new AppError('input.too_large', path, { limit });
  return { body: readFileSync(path) };
}

function itemView({ item, id, language }: InspectedItem) {
  return {
    id,
    title: item.title,
    link: item.link ?? null,
    date: item.publishedAt === undefined ? null : new Date(item.publishedAt).toISOString(),
    language,
  };
}

function printText(io: CliIo, feed: ParsedFeed, from: string, items: InspectedItem[]): void {
  const lines = [
    `Feed: ${feed.title || '(untitled)'}`,
    `Source: ${from}`,
    `Format: ${feed.format}, ${feed.items.length} item(s)${feed.language ? `, language ${feed.language}` : ''}`,
  ];
  if (feed.itemsInDocument !== undefined) {
    lines.push(
      `Items: the first ${feed.items.length} of ${feed.itemsInDocument} read (PARSE_MAX_ITEMS); the rest are not parsed`,
    );
  }
  if (feed.link) lines.push(`Link: ${feed.link}`);
  items.forEach((item, i) => {
    const v = itemView(item);
    const id = v.id ?? "- (repeats an earlier item's id; not stored)";
    lines.push('', `${i + 1}. ${v.title || '(untitled)'}`, `   id: ${id}`);
    lines.push(`   link: ${v.link ?? '-'}`, `   date: ${v.date ?? '-'}`, `   language: ${v.language}`);
  });
  // feed text is untrusted: no C0/C1 control characters (terminal escape sequences) reach the terminal
  io.stdout(`${lines.join('\n').replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, '')}\n`);
}

function printJson(io: CliIo, feed: ParsedFeed, from: string, inspected: InspectedItem[]): void {
  const { items: _items, ...head } = feed;
  const views = inspected.map(itemView);
  io.stdout(`${JSON.stringify({ source: from, ...head, items: views }, null, 2)}\n`);
}

async function load(target: string, io: CliIo): Promise<Source> {
  const config = loadConfig(io.env);
  printConfigWarnings(io, config);
  if (!isUrl(target)) return { ...readSource(target, config.FETCH_MAX_FEED_BYTES), config };
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  try {
    const res = await fetcher.fetch(target, { kind: 'feed' });
    return { body: res.body, contentType: res.contentType, url: res.finalUrl, config };
  } finally {
    await fetcher.close();
  }
}

function options(args: string[]): { json: boolean; help: boolean; targets: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    return { json: values.json === true, help: values.help === true, targets: positionals };
  } catch (e) {
    throw new AppError('input.invalid_option', (e as Error).message, { option: (e as Error).message });
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const opts = options(args);
    if (opts.help) {
      io.stdout(HELP);
      return 0;
    }
    const [target, ...extra] = opts.targets;
    if (!target || extra.length > 0) {
      throw new AppError('input.invalid_option', 'usage', { option: 'expected exactly one <url|file>' });
    }
    const { config, ...input } = await load(target, io);
    // the poller's caps (items per read, the unpacked size of a gzip file), and its ids: relative links resolved
    // against the feed's configured URL (a file has none)
    const { feed, items } = await inspectFeed(input, {
      maxItems: config?.PARSE_MAX_ITEMS,
      maxBytes: config?.FETCH_MAX_FEED_BYTES,
      feedUrl: isUrl(target) ? target : undefined,
    });
    if (opts.json) printJson(io, feed, input.url ?? target, items);
    else printText(io, feed, input.url ?? target, items);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) return fail(io, { code: 'config.invalid', detail: e.problems.join('; ') });
    return fail(io, toErrorInfo(e));
  }
}
