import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { loggerFromConfig } from '../../src/log/index.js';

describe('logger', () => {
  it('writes structured JSON lines at the configured level and scrubs secrets everywhere', () => {
    const lines: string[] = [];
    const config = loadConfig({
      LOG_LEVEL: 'info',
      TELEGRAM_BOT_TOKEN: '123456:AAE-very-secret',
      LLM_API_KEY: 'sk-topsecret',
    });
    const log = loggerFromConfig(config, (l) => lines.push(l));
    log.debug('hidden');
    log.info(
      { url: 'https://api.telegram.org/bot123456:AAE-very-secret/getMe', apiKey: 'sk-topsecret' },
      'calling',
    );
    log.error(new Error('failed with key sk-topsecret'));
    const all = lines.join('');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'calling' });
    expect(all).not.toContain('AAE-very-secret');
    expect(all).not.toContain('sk-topsecret');
    expect(all).toContain('[REDACTED]');
  });
});

describe('log format', () => {
  const secret = '123456:AAE-very-secret';
  const lines = (format: string | undefined, tty: boolean) => {
    const out: string[] = [];
    const env: Record<string, string> = { TELEGRAM_BOT_TOKEN: secret };
    if (format) env.LOG_FORMAT = format;
    const log = loggerFromConfig(loadConfig(env), (l) => out.push(l), { tty });
    log.info({ feedId: 7, url: `https://api.telegram.org/bot${secret}/getMe` }, 'feed refreshed');
    return out.join('');
  };

  it('renders lines for people when the log stream is a terminal (auto), with colours, secrets scrubbed', () => {
    const text = lines(undefined, true);
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toContain('INFO');
    expect(text).toContain('feed refreshed');
    expect(text).toMatch(/feedId.*7/);
    expect(text).toContain('\u001b[');
    expect(text).not.toContain('AAE-very-secret');
  });

  it('keeps JSON when the log stream is not a terminal (auto) or LOG_FORMAT=json on a terminal', () => {
    for (const [format, tty] of [
      [undefined, false],
      ['json', true],
    ] as const) {
      const line = JSON.parse(lines(format, tty));
      expect(line).toMatchObject({ level: 30, msg: 'feed refreshed', feedId: 7 });
    }
  });

  it('renders for people without colours when LOG_FORMAT=pretty writes to a file or pipe', () => {
    const text = lines('pretty', false);
    expect(text).toContain('INFO');
    expect(text).toContain('feed refreshed');
    expect(text).not.toContain('\u001b[');
    expect(text).not.toContain('AAE-very-secret');
  });
});
