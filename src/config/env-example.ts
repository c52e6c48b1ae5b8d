/** Renders .env.example from the settings table (`node dist/config/env-example.js > .env.example`). */
import { SETTINGS, type SettingSpec } from './settings.js';

export function renderEnvExample(): string {
  const out = ['# news-digest-bot settings. Every variable is optional; the value shown is the default.', ''];
  for (const [name, spec] of Object.entries(SETTINGS) as [string, SettingSpec][]) {
    out.push(`# ${spec.description}${spec.secret ? ' (secret: never logged)' : ''}`);
    out.push(`${name}=${spec.default}`);
    out.push('');
  }
  return out.join('\n');
}
