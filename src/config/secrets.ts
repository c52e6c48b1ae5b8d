/** Secret values among the settings (secret settings and URL passwords), for scrubbing logs and CLI output. */
import { type Config, SETTINGS, type SettingName, type SettingSpec } from './settings.js';

/** The password of a URL with credentials (`scheme://user:password@host`, user may be empty), as written and decoded. */
function urlPasswords(value: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(value.trim());
  const userinfo = m?.[1];
  if (!userinfo?.includes(':')) return [];
  const password = userinfo.slice(userinfo.indexOf(':') + 1);
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // not valid percent-encoding: the raw form is the one that can appear
  }
  return [...new Set([password, decoded])];
}

/** Secret values in raw settings: every secret setting that is set, and the password of any URL-valued setting. */
function secretsOf(values: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const [name, spec] of Object.entries(SETTINGS) as [SettingName, SettingSpec][]) {
    const v = values[name];
    if (typeof v !== 'string') continue;
    if (spec.secret && v.trim().length >= 4) out.add(v.trim());
    for (const p of urlPasswords(v)) if (p.length >= 4) out.add(p);
  }
  return [...out];
}

/** Values of secret settings that are set, for log scrubbing. */
export function secretValues(config: Config): string[] {
  return secretsOf(config);
}

/**
 * The same from the raw environment, for the CLI: its output is scrubbed even when the configuration does not
 * load (a bad setting next to a good token must not print the token).
 */
export function secretValuesFromEnv(env: Record<string, string | undefined>): string[] {
  return secretsOf(env);
}
