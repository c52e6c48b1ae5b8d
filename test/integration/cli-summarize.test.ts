import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../../src/cli.js';
import { lineBoilerplate } from '../../src/pipeline/summarize/boilerplate.js';
import { type LibreTranslateFake, startLibreTranslateFake } from './fakes/libretranslate-fake.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED = join(ROOT, '..', 'shared', 'seeds', '000_38e3ebc082b94ae7.txt');
const hasSeed = existsSync(SEED);
const FIXTURE = join(ROOT, 'test', 'fixtures', 'articles', 'de-hafen.txt');
const dir = mkdtempSync(join(tmpdir(), 'newsdigest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], stdin = '', env: Record<string, string> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    stdin: async function* () {
      // deliver in chunks, as a pipe would: tiny ones for small input to cross line and character borders
      const size = stdin.length > 10_000 ? 65_536 : 7;
      for (let i = 0; i < stdin.length; i += size) yield Buffer.from(stdin.slice(i, i + size), 'utf8');
    },
    env,
  };
  const code = await runCli(['summarize', ...args], io);
  return { code, out, err };
}

type JsonFigure = {
  text: string;
  value: number;
  unit: string;
  qualifier: string;
  sentenceIndex: number;
  sentence: string;
};
type JsonDigest = {
  language: string;
  sentences: string[];
  keyFigures: JsonFigure[];
  summarizer: string;
  translated: boolean;
};
const squash = (s: string) => s.replace(/\s+/g, ' ');

function expectFromSource(d: JsonDigest, source: string): void {
  for (const s of d.sentences) expect(squash(source)).toContain(s);
  for (const f of d.keyFigures) {
    expect(squash(source)).toContain(f.text);
    expect(f.sentence).toContain(f.text);
  }
}

describe('newsdigest summarize: acceptance on the seed article', () => {
  it.skipIf(!hasSeed)(
    'gives a German digest with the 1.500 and "bis zu 12.000" soldiers (skipped without ../shared)',
    async () => {
      const r = await cli(['--format', 'json', SEED]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const d = JSON.parse(r.out) as JsonDigest;
      expect(d.language).toBe('de');
      expect(d.sentences.length).toBeGreaterThanOrEqual(2);
      expect(d.sentences.length).toBeLessThanOrEqual(3);
      expect(d.summarizer).toBe('extractive');
      expect(d.translated).toBe(false);
      expectFromSource(d, readFileSync(SEED, 'utf8'));
      const trained = d.keyFigures.find((f) => f.value === 1500);
      expect(trained?.unit).toBe('nordkoreanische Soldaten');
      expect(trained?.sentence).toContain('Wladiwostok');
      const deployment = d.keyFigures.find((f) => f.value === 12000);
      expect(deployment).toMatchObject({ qualifier: 'bis zu', unit: 'nordkoreanische Soldaten' });
      expect(deployment?.text).toBe('bis zu 12.000 nordkoreanische Soldaten');
    },
  );

  it.skipIf(!hasSeed)(
    'with --lang en prints English labels and the no-translation note (skipped without ../shared)',
    async () => {
      const r = await cli(['--lang', 'en', SEED]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Key figures:');
      expect(r.out).toContain('No translation configured');
      // untranslated figures stay as the article writes them: no English digits inside German words
      expect(r.out).toContain('bis zu 12.000 nordkoreanische Soldaten');
      expect(r.out).not.toContain('12,000');
    },
  );

  it.skipIf(!hasSeed)(
    'has no boilerplate sentence with and without a title and with --lang en (skipped without ../shared)',
    async () => {
      const source = readFileSync(SEED, 'utf8');
      for (const args of [
        ['--title', 'NATO-Chef Rutte warnt Russland und Nordkorea'],
        [],
        ['--lang', 'en'],
        ['--lang', 'en', '--title', 'NATO-Chef Rutte warnt Russland und Nordkorea'],
      ]) {
        const r = await cli([...args, '--format', 'json', SEED]);
        expect(r.code).toBe(0);
        const d = JSON.parse(r.out) as JsonDigest;
        expect(d.sentences.length).toBeGreaterThanOrEqual(2);
        expectFromSource(d, source);
        for (const s of d.sentences) {
          expect(lineBoilerplate(s)).toBeUndefined();
          expect(s).not.toMatch(/Weiterführend|zum Thema/);
        }
      }
    },
  );
});

describe('newsdigest summarize: own German fixture', () => {
  it('prints JSON with figures taken verbatim from the text', async () => {
    // one sentence: the 4.000 containers are not said there, so the key figures carry them
    const r = await cli(['--format', 'json', '--max-sentences', '1', FIXTURE]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as JsonDigest;
    expect(d.language).toBe('de');
    expectFromSource(d, readFileSync(FIXTURE, 'utf8'));
    expect(d.keyFigures.map((f) => f.text)).toContain('bis zu 4.000 Container');
  });

  it('prints German text by default and English labels with --lang en', async () => {
    const de = await cli(['--max-sentences', '1', FIXTURE]);
    expect(de.out).toContain('Kennzahlen:');
    expect(de.out).toContain('• bis zu 4.000 Container');
    const en = await cli(['--lang', 'en', '--max-sentences', '1', FIXTURE]);
    expect(en.out).toContain('Key figures:');
    expect(en.out).toContain('• bis zu 4.000 Container');
    expect(en.out).not.toContain('4,000');
    expect(en.out).toContain('No translation configured');
  });

  it('reads stdin with "-" and honours --max-sentences and --title', async () => {
    const r = await cli(
      ['-', '--format', 'json', '--max-sentences', '1', '--title', 'Hafen'],
      readFileSync(FIXTURE, 'utf8'),
    );
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as JsonDigest & { headline: string };
    expect(d.sentences).toHaveLength(1);
    expect(d.headline).toBe('Hafen');
  });

  it('takes the sentence budget from DIGEST_MAX_SENTENCES', async () => {
    const r = await cli(['--format', 'json', FIXTURE], '', { DIGEST_MAX_SENTENCES: '1' });
    expect((JSON.parse(r.out) as JsonDigest).sentences).toHaveLength(1);
  });
});

describe('newsdigest summarize with a translation backend (loopback LibreTranslate fake)', () => {
  let fake: LibreTranslateFake;
  beforeAll(async () => {
    fake = await startLibreTranslateFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('translates the German digest to English when TRANSLATE_URL is set', async () => {
    const r = await cli(['--format', 'json', '--lang', 'en', '--max-sentences', '1', FIXTURE], '', {
      TRANSLATE_URL: fake.url,
    });
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as JsonDigest & { requestedLanguage: string; note?: string };
    expect(d).toMatchObject({ language: 'en', translated: true, requestedLanguage: 'en' });
    expect(d.note).toBeUndefined();
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(d.keyFigures.map((f) => f.text)).toContain('up to 4,000 Container');
    // the source sentence of each figure is still the German one
    expect(d.keyFigures.find((f) => f.value === 4000)?.sentence).toContain('bis zu 4.000 Container');
  });

  it('stays offline and extractive without TRANSLATE_URL', async () => {
    const before = fake.requests.length;
    const r = await cli(['--format', 'json', '--lang', 'en', FIXTURE]);
    expect(JSON.parse(r.out)).toMatchObject({ language: 'de', translated: false, note: 'no_translation' });
    expect(fake.requests.length).toBe(before);
  });
});

describe('newsdigest summarize: bad input', () => {
  const file = (name: string, content: string | Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it.each([
    ['missing file', () => [join(dir, 'nope.txt')], 'input.missing_file'],
    ['empty file', () => [file('empty.txt', '  \n')], 'input.empty'],
    [
      'binary file',
      () => [file('bin.dat', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]))],
      'input.binary',
    ],
    [
      'invalid UTF-8',
      () => [file('latin1.txt', Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65]))],
      'input.binary',
    ],
    ['file over 5 MB', () => [file('big.txt', 'Ein Satz. '.repeat(600_000))], 'input.too_large'],
    ['bad --lang', () => ['--lang', 'fr', FIXTURE], 'input.invalid_option'],
    ['bad --max-sentences', () => ['--max-sentences', 'x', FIXTURE], 'input.invalid_option'],
    ['unknown option', () => ['--nope', FIXTURE], 'input.invalid_option'],
    ['no file', () => [], 'input.invalid_option'],
  ])('%s → one error line with code, non-zero exit', async (_name, args, code) => {
    const r = await cli(args());
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^error \\[${code.replace('.', '\\.')}\\]: \\S`));
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reports an invalid setting as config.invalid', async () => {
    const r = await cli([FIXTURE], '', { DIGEST_MAX_SENTENCES: 'many' });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/^error \[config\.invalid\]: .*DIGEST_MAX_SENTENCES/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('rejects stdin over 5 MB', async () => {
    const r = await cli(['-'], 'Ein Satz. '.repeat(600_000));
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/^error \[input\.too_large\]/);
  });

  it('rejects empty stdin', async () => {
    const r = await cli(['-'], '');
    expect(r.err).toMatch(/^error \[input\.empty\]/);
  });

  it('prints help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--max-sentences');
  });
});

describe('newsdigest summarize --jsonl', () => {
  it('writes one digest per line and an error object for each bad line, and goes on', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const input = [
      JSON.stringify({ id: 'a', text }),
      '{not json',
      JSON.stringify({ id: 7, text: '   ' }),
      JSON.stringify({
        id: 'b',
        text: 'The council approved a plan for 300 new homes. Work starts in May.',
        lang: 'en',
      }),
      JSON.stringify({ text: 'no id' }),
      '',
    ].join('\n');
    const r = await cli(['--jsonl'], input);
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ id: 'a', language: 'de', summarizer: 'extractive' });
    expect(lines[1]).toMatchObject({ id: 2, error: { code: 'input.invalid_json' } });
    expect(lines[2]).toMatchObject({ id: 7, error: { code: 'input.empty' } });
    expect(lines[3]).toMatchObject({ id: 'b', language: 'en' });
    expect((lines[3]!.keyFigures as JsonFigure[])[0]).toMatchObject({ text: '300 new homes', value: 300 });
    expect(lines[4]).toMatchObject({ error: { code: 'input.invalid_json' } });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error \[input\.invalid_json\]: 3 of/);
  });

  it('reports an over-long line without buffering it and goes on with the next', async () => {
    const huge = JSON.stringify({ id: 'big', text: 'Ein Satz. '.repeat(600_000) });
    const r = await cli(
      ['--jsonl'],
      `${huge}\n${JSON.stringify({ id: 'ok', text: 'Ein Satz über 12 Bäume.' })}\n`,
    );
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ id: 1, error: { code: 'input.too_large' } });
    expect(lines[1]).toMatchObject({ id: 'ok', language: 'de' });
    expect(r.code).toBe(1);
  });

  it('exits 0 when every line is fine', async () => {
    const r = await cli(['--jsonl'], `${JSON.stringify({ id: 1, text: 'Ein Satz über 12 Bäume.' })}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ id: 1, sentences: ['Ein Satz über 12 Bäume.'] });
  });
});

describe('summarize start-up', () => {
  it('prints an offline digest without loading the logger (pino), which only the summary service needs', () => {
    // a preload that writes the CommonJS module cache (pino is CommonJS) to stderr when the process exits
    const probe =
      "data:text/javascript,import{createRequire}from'node:module';process.on('exit',()=>process.stderr.write(" +
      "'\\nLOADED '+JSON.stringify(Object.keys(createRequire(process.cwd()+'/x.js').cache))+'\\n'))";
    const r = spawnSync(
      process.execPath,
      ['--import', probe, '--import', 'tsx', join(ROOT, 'src', 'cli.ts'), 'summarize', FIXTURE],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\S/);
    const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
    const loaded = JSON.parse(line?.slice('LOADED '.length) ?? 'null') as string[];
    expect(loaded.some((f) => f.includes('/node_modules/tsx/'))).toBe(true); // the probe sees CommonJS modules
    expect(loaded.filter((f) => /\/node_modules\/(pino|thread-stream|sonic-boom)\//.test(f))).toEqual([]);
  });
});
