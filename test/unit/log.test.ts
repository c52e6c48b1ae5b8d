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
