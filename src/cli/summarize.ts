/**
 * newsdigest summarize <file|-> [--lang de|en] [--title T] [--max-sentences N] [--format text|json]
 * newsdigest summarize --jsonl   (stdin: {id, text, title?, lang?} per line → {id, ...digest} per line)
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli.js';
import { type Config, ConfigError, loadConfig, secretValues } from '../config/index.js';
import { AppError, type ErrorInfo, toErrorInfo } from '../domain/errors.js';
import type { Digest, Lang, SummarizeInput, Summarizer } from '../domain/types.js';
import { t } from '../i18n/index.js';
import {
  detectLanguage,
  getSummarizer,
  renderText,
  segmentSentences,
  extractiveSummarizer,
} from '../pipeline/summarize/index.js';
import { checkText, decodeArticle, MAX_ARTICLE_BYTES } from '../pipeline/summarize/input.js';
import { cliMessage } from './errors.js';

export const HELP = `Usage:
  newsdigest summarize <file|-> [--lang de|en] [--title T] [--max-sentences N] [--format text|json]
  newsdigest summarize --jsonl < articles.jsonl

Prints the digest of one article (UTF-8 text file, or - for stdin).
  --lang de|en         output language; when it differs from the article's, the digest stays in the
                       article's language and says that no translation is configured
  --title T            article title (used as headline and for sentence scoring)
  --max-sentences N    at most N sentences (default DIGEST_MAX_SENTENCES)
  --format text|json   output format (default text)
  --jsonl              batch mode: JSON lines {id, text, title?, lang?} on stdin, one JSON digest per line
  -h, --help           this help
`;

interface Options {
  lang?: Lang;
  title?: string;
  maxSentences?: number;
  format: 'text' | 'json';
  jsonl: boolean;
  file?: string;
}

function fail(io: CliIo, info: ErrorInfo): number {
  io.stderr(`error [${info.code}]: ${cliMessage(io, info).message}\n`);
  return info.code === 'input.invalid_option' ? 2 : 1;
}

function badOption(option: string): AppError {
  return new AppError('input.invalid_option', option, { option });
}

function parseOptions(args: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      lang: { type: 'string' },
      title: { type: 'string' },
      'max-sentences': { type: 'string' },
      format: { type: 'string', default: 'text' },
      jsonl: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const opts: Options = { format: 'text', jsonl: values.jsonl === true, file: positionals[0] };
  if (positionals.length > 1) throw badOption(`unexpected argument "${positionals[1]}"`);
  if (values.lang !== undefined) opts.lang = langOption(values.lang);
  if (values.title !== undefined) opts.title = values.title;
  if (values.format !== 'text' && values.format !== 'json') throw badOption('--format must be text or json');
  opts.format = values.format;
  const max = values['max-sentences'];
  if (max !== undefined) {
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1 || n > 10) throw badOption('--max-sentences must be 1..10');
    opts.maxSentences = n;
  }
  if (!opts.jsonl && !opts.file) throw badOption('missing <file|-> (or --jsonl)');
  return opts;
}

function langOption(v: string): Lang {
  if (v !== 'de' && v !== 'en') throw badOption('--lang must be de or en');
  return v;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let opts: Options | 'help';
  let config: Config;
  try {
    opts = parseOptions(args);
    if (opts === 'help') {
      io.stdout(HELP);
      return 0;
    }
    config = loadConfig(io.env);
  } catch (e) {
    if (e instanceof ConfigError) return fail(io, { code: 'config.invalid', detail: e.problems.join('; ') });
    if (e instanceof AppError) return fail(io, e.toInfo());
    return fail(io, { code: 'input.invalid_option', params: { option: (e as Error).message } });
  }
  try {
    return opts.jsonl ? await runJsonl(opts, config, io) : await runOne(opts, config, io);
  } catch (e) {
    return fail(io, toErrorInfo(e));
  }
}

async function runOne(opts: Options, config: Config, io: CliIo): Promise<number> {
  const text = opts.file === '-' ? await readStdin(io) : readArticleFile(opts.file ?? '');
  const digest = await summarizeWith(await summarizerFor(config, io), config, {
    text,
    title: opts.title,
    targetLang: opts.lang,
    maxSentences: opts.maxSentences,
  });
  if (opts.format === 'json') io.stdout(`${JSON.stringify(toJson(digest, text), null, 2)}\n`);
  else io.stdout(renderText(digest, outputLocale(digest, opts.lang, config)));
  return 0;
}

function outputLocale(d: Digest, requested: Lang | undefined, config: Config): Lang {
  if (requested) return requested;
  return d.language === 'und' ? config.DEFAULT_LANGUAGE : d.language;
}

export async function summarizeWith(
  summarizer: Summarizer,
  config: Config,
  input: SummarizeInput,
): Promise<Digest> {
  return summarizer.summarize({
    maxChars: config.DIGEST_MAX_CHARS,
    maxFigures: config.DIGEST_MAX_FIGURES,
    ...input,
    maxSentences: input.maxSentences ?? config.DIGEST_MAX_SENTENCES,
  });
}

/**
 * The offline extractive summarizer, or — when an LLM (SUMMARIZER=llm) or a translation backend (TRANSLATE_URL)
 * is configured — the summary service, which falls back to extractive by itself. Logs go to stderr, warnings up.
 */
export async function summarizerFor(config: Config, io: CliIo): Promise<Summarizer> {
  if (config.SUMMARIZER !== 'llm' && !config.TRANSLATE_URL) {
    return getSummarizer(config.SUMMARIZER) ?? extractiveSummarizer;
  }
  // loaded only here: the offline digest needs neither the service nor the logger (pino), which keeps start-up short
  const { createSummaryService } = await import('../pipeline/summarize/service.js');
  const { createLogger } = await import('../log/index.js');
  const level = config.LOG_LEVEL === 'info' || config.LOG_LEVEL === 'debug' ? 'warn' : config.LOG_LEVEL;
  const log = createLogger({ level, write: io.stderr, secrets: secretValues(config) });
  return createSummaryService({ config, log });
}

/** The digest as JSON, each key figure with the sentence it comes from. */
export function toJson(d: Digest, text: string): Record<string, unknown> {
  // a translated digest keeps sentence indices into the source article, which is in another language
  const sentences = segmentSentences(text, d.translated ? detectLanguage(text) : d.language);
  return {
    ...d,
    keyFigures: d.keyFigures.map((f) => ({ ...f, sentence: sentences[f.sentenceIndex] ?? '' })),
  };
}

function readArticleFile(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new AppError('input.missing_file', 'not a regular file', { path });
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('input.missing_file', undefined, { path });
  }
  if (size > MAX_ARTICLE_BYTES) throw new AppError('input.too_large', `${size} bytes`, { limit: '5 MB' });
  return unwrap(decodeArticle(readFileSync(path)));
}

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of io.stdin()) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += b.byteLength;
    if (total > MAX_ARTICLE_BYTES) throw new AppError('input.too_large', 'stdin', { limit: '5 MB' });
    chunks.push(b);
  }
  return unwrap(decodeArticle(Buffer.concat(chunks)));
}

function unwrap(r: ReturnType<typeof decodeArticle>): string {
  if (r.ok) return r.value;
  throw new AppError(r.error.code, r.error.detail, r.error.params);
}

async function runJsonl(opts: Options, config: Config, io: CliIo): Promise<number> {
  const summarizer = await summarizerFor(config, io);
  let failed = 0;
  let lineNo = 0;
  for await (const line of lines(io)) {
    lineNo++;
    if (line === TOO_LONG) {
      failed++;
      const message = t('en', 'input.too_large', { limit: '5 MB' });
      io.stdout(`${JSON.stringify({ id: lineNo, error: { code: 'input.too_large', message } })}\n`);
      continue;
    }
    if (line.trim() === '') continue;
    const out = await jsonlLine(line, lineNo, opts, { summarizer, config });
    if ('error' in out) failed++;
    io.stdout(`${JSON.stringify(out)}\n`);
  }
  if (failed > 0) {
    io.stderr(`error [input.invalid_json]: ${failed} of ${lineNo} lines could not be summarized\n`);
    return 1;
  }
  return 0;
}

/** Marks a line longer than the input limit (its text is dropped, not buffered). */
const TOO_LONG = Symbol('too long');

async function* lines(io: CliIo): AsyncGenerator<string | typeof TOO_LONG> {
  let rest = '';
  let skipping = false;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of io.stdin()) {
    const piece = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // search only the new piece for line ends: linear in the input, however it is chunked
    let nl = piece.indexOf('\n');
    let from = 0;
    while (nl >= 0) {
      if (!skipping) yield rest + piece.slice(from, nl);
      skipping = false;
      rest = '';
      from = nl + 1;
      nl = piece.indexOf('\n', from);
    }
    if (!skipping) rest += piece.slice(from);
    if (rest.length > MAX_ARTICLE_BYTES) {
      if (!skipping) yield TOO_LONG;
      skipping = true;
      rest = '';
    }
  }
  rest += decoder.decode();
  if (rest !== '' && !skipping) yield rest;
}

type JsonlOut = { id: unknown; error: { code: string; message: string } } | Record<string, unknown>;

async function jsonlLine(
  line: string,
  lineNo: number,
  opts: Options,
  { summarizer, config }: { summarizer: Summarizer; config: Config },
): Promise<JsonlOut> {
  let id: unknown = lineNo;
  try {
    const o = parseJsonObject(line);
    if (typeof o.id === 'string' || typeof o.id === 'number') id = o.id;
    else throw new AppError('input.invalid_json', 'missing id');
    if (typeof o.text !== 'string') throw new AppError('input.invalid_json', 'missing text');
    const text = unwrap(checkText(o.text));
    const digest = await summarizeWith(summarizer, config, {
      text,
      title: typeof o.title === 'string' && o.title.trim() !== '' ? o.title : undefined,
      lang: o.lang === 'de' || o.lang === 'en' ? o.lang : undefined,
      targetLang: opts.lang,
      maxSentences: opts.maxSentences,
      articleId: String(id),
    });
    return { id, ...toJson(digest, text) };
  } catch (e) {
    const info = toErrorInfo(e);
    return { id, error: { code: info.code, message: cliMessage({}, info).message } };
  }
}

function parseJsonObject(line: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new AppError('input.invalid_json', 'not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new AppError('input.invalid_json', 'not an object');
  }
  return v as Record<string, unknown>;
}
