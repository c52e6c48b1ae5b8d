import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configWarnings,
  loadConfig,
  secretValues,
  secretValuesFromEnv,
} from '../../src/config/index.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('settings that used to be accepted without a word', () => {
  it.each([
    ['ALLOW_PRIVATE_HOSTS', '300.1.1.1/99', /"300\.1\.1\.1\/99" is not a CIDR/],
    ['ALLOW_PRIVATE_HOSTS', '10.0.0.0/33', /not a CIDR/],
    ['ALLOW_PRIVATE_HOSTS', '::1/129', /not a CIDR/],
    ['ALLOW_PRIVATE_HOSTS', '127.0.0.1/8/8', /not a CIDR/],
    ['ALLOW_PRIVATE_HOSTS', 'localhost/24', /not a CIDR/],
    ['ALLOW_PRIVATE_HOSTS', '300.1.1.1', /not a host name, IP address or CIDR/],
    ['ALLOW_PRIVATE_HOSTS', 'intra net', /not a host name/],
    ['ALLOW_PRIVATE_HOSTS', 'http://intranet', /not a/],
    ['ALLOW_PORTS', '99999,abc', /"99999" is not a port.*"abc" is not a port/],
    ['ALLOW_PORTS', '0', /"0" is not a port/],
    ['ALLOW_PORTS', '8080.5', /not a port/],
    ['DIGEST_SCHEDULE', '* * *', /five fields/],
    ['DIGEST_SCHEDULE', '0 25 * * *', /cron/],
    ['DIGEST_SCHEDULE', 'every morning', /cron/],
    ['DATABASE_URL', 'garbage', /sqlite:<file>.*postgres:\/\//],
    ['DATABASE_URL', 'mysql://nope', /sqlite:/],
    ['DATABASE_URL', 'postgres://u:p@h:99999/db', /postgres:\/\//],
    ['DISCORD_API_URL', 'http://', /http\(s\) URL/],
    ['LLM_BASE_URL', 'http://local host:11434/v1', /http\(s\) URL/],
    ['TELEGRAM_WEBHOOK_URL', 'http://bot.example.org/hook', /https/],
    ['TELEGRAM_WEBHOOK_SECRET', 'has space', /A-Z/],
    ['TELEGRAM_BOT_TOKEN', 'not a token', /BotFather/],
    ['DISCORD_TOKEN', 'two words', /without spaces/],
    ['DISCORD_GUILD_ID', 'my-guild', /server id/],
    ['USER_AGENT', 'bot\r\nX-Injected: 1', /printable ASCII/],
    ['DISCORD_SHARD_COUNT', '0', /at least 1\) or auto/],
    ['DISCORD_SHARD_COUNT', 'many', /or auto/],
    ['DISCORD_SHARD_IDS', '0,x,-1', /"x", "-1": not a shard id/],
    ['DISCORD_SHARD_IDS', '1,0,1', /shard 1 listed twice/],
    ['DISCORD_SHARD_IDS', '0,2', /shard 2 does not exist with DISCORD_SHARD_COUNT=1/],
  ])('%s=%j is config.invalid with the name and what is wrong', (name, value, why) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: `));
    expect(found[0]).toMatch(why);
  });

  it('keeps accepting the forms operators write', () => {
    const c = loadConfig({
      ALLOW_PRIVATE_HOSTS: '127.0.0.1/32, localhost, 10.1.2.3, [::1], fd00::/8, feeds.intranet., my_service',
      ALLOW_PORTS: '8080, 1, 65535',
      DIGEST_SCHEDULE: '0  7,18 * * 1-5',
      DATABASE_URL: 'postgres:///news?host=/var/run/postgresql',
      TELEGRAM_BOT_TOKEN: '123456789:AAE_x-Y',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg/hook',
      TELEGRAM_WEBHOOK_SECRET: 's3cret-token_1',
      DISCORD_GUILD_ID: '123456789012345678',
    });
    expect(c.ALLOW_PRIVATE_HOSTS).toHaveLength(7);
    expect(c.ALLOW_PORTS).toEqual(['8080', '1', '65535']);
    expect(c.DIGEST_SCHEDULE).toBe('0 7,18 * * 1-5');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).DATABASE_URL).toBe('sqlite::memory:');
  });

  it('reads the Discord shard settings: a count or auto, and the ids this instance may run', () => {
    expect(loadConfig({}).DISCORD_SHARD_COUNT).toBe(1);
    expect(loadConfig({}).DISCORD_SHARD_IDS).toEqual([]);
    const c = loadConfig({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: ' 3, 0 ' });
    expect([c.DISCORD_SHARD_COUNT, c.DISCORD_SHARD_IDS]).toEqual([4, [3, 0]]);
    // with auto the count is known only at start: the ids are checked there
    const auto = loadConfig({ DISCORD_SHARD_COUNT: 'Auto', DISCORD_SHARD_IDS: '7' });
    expect([auto.DISCORD_SHARD_COUNT, auto.DISCORD_SHARD_IDS]).toEqual(['auto', [7]]);
  });

  it('reports several bad settings in one go', () => {
    const found = problems({
      ALLOW_PRIVATE_HOSTS: '300.1.1.1/99',
      ALLOW_PORTS: 'abc',
      DIGEST_SCHEDULE: '* * *',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual([
      'ALLOW_PRIVATE_HOSTS',
      'ALLOW_PORTS',
      'DIGEST_SCHEDULE',
    ]);
  });
});

describe('risky but valid settings', () => {
  it('warns about allow list entries wider than any private block, not about narrow ones', () => {
    const wide = configWarnings(
      loadConfig({ ALLOW_PRIVATE_HOSTS: '0.0.0.0/0,::/0,10.0.0.0/7,127.0.0.1/32,10.0.0.0/8,fc00::/7' }),
    );
    expect(wide).toHaveLength(3);
    expect(wide.join('\n')).toContain('0.0.0.0/0');
    expect(wide.join('\n')).toContain('::/0');
    expect(wide.join('\n')).toContain('10.0.0.0/7');
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });

  it('warns when the cluster mode (REDIS_URL) runs on a SQLite store, not on PostgreSQL', () => {
    const sqlite = configWarnings(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }));
    expect(sqlite).toHaveLength(1);
    expect(sqlite[0]).toContain('postgres://');
    const pg = configWarnings(
      loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://u:p@db:5432/news' }),
    );
    expect(pg).toEqual([]);
  });
});

describe('secret values', () => {
  it('include URL passwords of any URL setting, with an empty user name, raw and decoded', () => {
    const env = {
      DATABASE_URL: 'postgres://bot:p%40ss-w0rd@db.internal:5432/news',
      LLM_BASE_URL: 'https://user:llm-pass-1@llm.example/v1',
      TRANSLATE_URL: 'https://:only-pass@tr.example',
    };
    const fromConfig = secretValues(loadConfig(env));
    for (const s of ['p%40ss-w0rd', 'p@ss-w0rd', 'llm-pass-1', 'only-pass']) expect(fromConfig).toContain(s);
    expect(secretValuesFromEnv({ ...env, ALLOW_PORTS: 'abc', TELEGRAM_BOT_TOKEN: '1:tok-en' })).toContain(
      '1:tok-en',
    );
  });
});
