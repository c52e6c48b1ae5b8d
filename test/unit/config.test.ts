import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTINGS, secretValues } from '../../src/config/index.js';

function parseEnvExample(): Map<string, string> {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) entries.set(m[1]!, m[2]!);
  }
  return entries;
}

describe('config table', () => {
  it('.env.example lists every setting with its default, and nothing else', () => {
    const example = parseEnvExample();
    expect([...example.keys()].sort()).toEqual(Object.keys(SETTINGS).sort());
    for (const [name, spec] of Object.entries(SETTINGS)) {
      expect(example.get(name), name).toBe(spec.default);
    }
  });

  it('has the public names the issues fix', () => {
    for (const name of [
      'DATABASE_URL',
      'FEEDS_DIR',
      'DISCORD_TOKEN',
      'DISCORD_API_URL',
      'TELEGRAM_BOT_TOKEN',
      'TELEGRAM_API_ROOT',
      'ALLOW_PRIVATE_HOSTS',
      'LLM_BASE_URL',
      'LLM_API_KEY',
      'LLM_MODEL',
      'DIGEST_TIMEZONE',
      'LOG_LEVEL',
    ]) {
      expect(SETTINGS).toHaveProperty(name);
    }
  });

  it('defaults parse into typed values', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe('sqlite:data/newsdigest.db');
    expect(c.FETCH_TIMEOUT_MS).toBe(20000);
    expect(c.ALLOW_PRIVATE_HOSTS).toEqual([]);
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.FULL_TEXT).toBe(true);
  });

  it('parses lists, numbers and trims URLs', () => {
    const c = loadConfig({
      ALLOW_PRIVATE_HOSTS: '127.0.0.1/32, localhost',
      POLL_INTERVAL_MINUTES: '5',
      LLM_BASE_URL: 'http://x/v1/',
    });
    expect(c.ALLOW_PRIVATE_HOSTS).toEqual(['127.0.0.1/32', 'localhost']);
    expect(c.POLL_INTERVAL_MINUTES).toBe(5);
    expect(c.LLM_BASE_URL).toBe('http://x/v1');
  });

  it('reports every invalid setting at once with its name', () => {
    let error: unknown;
    try {
      loadConfig({ LOG_LEVEL: 'loud', DIGEST_TIMEZONE: 'Mars/Olympus', POLL_INTERVAL_MINUTES: '1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/DIGEST_TIMEZONE/);
    expect(problems).toMatch(/POLL_INTERVAL_MINUTES/);
  });

  it('lists secret values (and URL passwords) for scrubbing', () => {
    const c = loadConfig({ DISCORD_TOKEN: 'abc.def.ghi', DATABASE_URL: 'postgres://u:s3cretpw@h/db' });
    const secrets = secretValues(c);
    expect(secrets).toContain('abc.def.ghi');
    expect(secrets).toContain('s3cretpw');
  });
});
