/**
 * newsdigest start: run the bot until SIGINT/SIGTERM (see src/main.ts). Without platform tokens the digests
 * are printed on stdout by the console publisher; logs go to stderr.
 */
import type { CliIo } from '../cli.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { toErrorInfo } from '../domain/errors.js';
import { t } from '../i18n/index.js';
import { startApp } from '../main.js';

export const HELP = `Usage: newsdigest start

Runs the bot: loads the feed catalog (FEEDS_DIR), polls feeds, delivers digests and starts the Discord and
Telegram adapters whose tokens are set. With no token, digests are printed here (console publisher).
Configuration comes from environment variables (see .env.example). Stop with Ctrl+C (SIGINT) or SIGTERM.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  if (args.length > 0) {
    io.stderr(
      `error [input.invalid_option]: ${t('en', 'input.invalid_option', { option: args.join(' ') })}\n`,
    );
    return 2;
  }
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp(loadConfig(io.env), { stdout: io.stdout, stderr: io.stderr });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`error [config.invalid]: ${e.problems.join('; ')}\n`);
      return 1;
    }
    const info = toErrorInfo(e);
    io.stderr(
      `error [${info.code}]: ${t('en', info.code, info.params ?? {})} (${(info.detail ?? '').slice(0, 200)})\n`,
    );
    return 1;
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  app.log.info({ signal }, 'shutting down');
  await app.stop();
  return 0;
}
