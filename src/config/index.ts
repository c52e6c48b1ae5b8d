/**
 * The configuration's public entry and the only module that reads `process.env`: `loadConfig` validates the one
 * typed table of settings (`settings.ts`, its value validators in `validators.ts`) once; `secrets.ts` finds the
 * secret values for scrubbing. `.env.example` lists every entry of `SETTINGS` with its default;
 * test/unit/config.test.ts keeps them in step.
 */
import { isIP } from 'node:net';
import { type Config, SETTINGS, type SettingName, type SettingSpec } from './settings.js';

export { type Config, SETTINGS, type SettingName, type SettingSpec } from './settings.js';
export { secretValues, secretValuesFromEnv } from './secrets.js';

export class ConfigError extends Error {
  readonly code = 'config.invalid';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** Parse and validate the whole table once. Unknown variables are ignored. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(SETTINGS) as [string, SettingSpec][]) {
    const raw = env[name] ?? spec.default;
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) out[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (problems.length === 0) problems.push(...crossProblems(out as Config));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as Config;
}

/** Problems between settings that each are valid on their own. */
function crossProblems(c: Config): string[] {
  const count = c.DISCORD_SHARD_COUNT;
  const outside = count === 'auto' ? [] : c.DISCORD_SHARD_IDS.filter((id) => id >= count);
  return outside.length > 0
    ? [
        `DISCORD_SHARD_IDS: shard ${outside.join(', ')} does not exist with DISCORD_SHARD_COUNT=${count} (ids are 0 to ${Number(count) - 1})`,
      ]
    : [];
}

/** The process environment, for the CLI entry point to hand to `loadConfig` (this module is its only reader). */
export function processEnv(): Record<string, string | undefined> {
  return process.env;
}

/**
 * Settings that are valid but dangerous, as lines for the operator: an allow list entry wider than any one
 * private block (0.0.0.0/0, ::/0, 10.0.0.0/1 ...) opens loopback, cloud metadata (169.254.169.254) and every
 * internal service to URLs that strangers put into feeds.
 */
export function configWarnings(config: Config): string[] {
  const out: string[] = [];
  for (const entry of config.ALLOW_PRIVATE_HOSTS) {
    const [base = '', prefix] = entry.split('/');
    if (prefix === undefined) continue;
    const family = isIP(base.replace(/^\[(.*)\]$/, '$1'));
    // the widest blocked ranges are /8 (IPv4) and /7 (IPv6): anything wider spans several of them
    if ((family === 4 && Number(prefix) < 8) || (family === 6 && Number(prefix) < 7))
      out.push(
        `ALLOW_PRIVATE_HOSTS contains ${entry}, which opens loopback, link-local (cloud metadata) and every private network to feed and page URLs; allow only the hosts or small networks you need`,
      );
  }
  if (config.REDIS_URL && !/^postgres(ql)?:/i.test(config.DATABASE_URL))
    out.push(
      'REDIS_URL is set but DATABASE_URL is a SQLite file: instances share their work through Redis but each would keep its own store unless all run on this machine with this one file; use a postgres:// DATABASE_URL for several instances (docs/cluster.md)',
    );
  return out;
}

/** A test helper and CLI helper: config from defaults plus overrides, without reading process.env. */
export function configWith(overrides: Partial<Record<SettingName, string>> = {}): Config {
  return loadConfig(overrides);
}
