import { describe, expect, it } from 'vitest';
import { type CliIo, runCli, scrubbedIo } from '../../src/cli.js';
import { printError } from '../../src/cli/errors.js';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { catalogs } from '../../src/i18n/index.js';
import { makeScrubber } from '../../src/log/index.js';

function capture(env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    stdin: async function* () {},
    env,
  };
  return { io, out: () => out, err: () => err };
}

const PLACEHOLDER = /\{\w+\}/;

describe('CLI error printer', () => {
  it('never prints an unfilled placeholder, for every error code, with or without params and detail', () => {
    const withPlaceholders = ERROR_CODES.filter((c) => PLACEHOLDER.test(catalogs.en[c] ?? ''));
    expect(withPlaceholders.length).toBeGreaterThan(3);
    for (const code of ERROR_CODES) {
      for (const info of [{ code }, { code, detail: `${code}: something specific` }, { code, params: {} }]) {
        const c = capture();
        printError(c.io, info);
        const line = c.err();
        expect(line, code).toMatch(new RegExp(`^error \\[${code.replace('.', '\\.')}\\]: \\S`));
        expect(line, `${code} ${JSON.stringify(info)}: ${line}`).not.toMatch(PLACEHOLDER);
        expect(line.trimEnd().split('\n')).toHaveLength(1);
      }
    }
  });

  it('fills {detail} from the detail, and keeps a literal brace that came in a value', () => {
    const c = capture();
    printError(c.io, {
      code: 'config.invalid',
      detail: 'config.invalid: DATABASE_URL must start with sqlite:',
    });
    expect(c.err()).toBe(
      'error [config.invalid]: The configuration is invalid: DATABASE_URL must start with sqlite:\n',
    );
    const d = capture();
    printError(d.io, { code: 'command.not_found', params: { what: 'feed {id}' } });
    expect(d.err()).toContain('Not found: feed {id}');
  });

  it('scrubs a secret before shortening the detail, so no prefix of it is left', () => {
    const secret = '123456:AAE-abcdefghijklmnopqrstuvwxyz';
    for (const cut of [280, 290, 299]) {
      const c = capture({ TELEGRAM_BOT_TOKEN: secret });
      const io = scrubbedIo(c.io);
      printError(io, { code: 'internal', detail: `${'x'.repeat(cut)} ${secret} tail` });
      expect(c.err()).not.toContain('123456:AAE');
      expect(c.err()).not.toContain('AAE-abc');
    }
  });

  it('an unknown command and a failing command go through the same scrubbed printer', async () => {
    const c = capture({ DATABASE_URL: 'postgres://bot:pa55-w0rd@127.0.0.1:1/x', LOG_LEVEL: 'silent' });
    expect(await runCli(['nope', 'pa55-w0rd'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^error \[command\.unknown\]/);
    expect(c.err()).not.toContain('pa55-w0rd');
  });
});

describe('secret scrubber', () => {
  const secret = '123456:AAE-x/y+z z"q';
  const scrub = makeScrubber([secret]);
  const forms = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).toLowerCase().replace(/aae-x/, 'AAE-x'),
    encodeURIComponent(encodeURIComponent(secret)),
    encodeURIComponent(secret).replace('%20', '+'),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret)).slice(1, -1),
    encodeURI(secret),
  ];
  it.each(forms)('removes the form %s', (form) => {
    const line = `401: Unauthorized: POST /bot${form}/getMe`;
    const out = scrub(line);
    expect(out).toContain('[REDACTED]');
    expect(out).not.toContain('AAE-x');
    expect(out.toLowerCase()).not.toContain('aae-x');
  });

  it('leaves other text alone and ignores secrets too short to scrub safely', () => {
    expect(scrub('nothing to see: 123456')).toBe('nothing to see: 123456');
    expect(makeScrubber(['abc'])('abc abc')).toBe('abc abc');
  });
});
