/**
 * newsdigest start: run the bot until SIGINT/SIGTERM (see src/main.ts). Without platform tokens the digests
 * are printed on stdout by the console publisher; logs go to stderr.
 */
import type { CliIo } from '../cli.js';
import { type Config, ConfigError, loadConfig } from '../config/index.js';
import { toErrorInfo } from '../domain/errors.js';
import { startApp } from '../main.js';
import { printConfigWarnings, printError } from './errors.js';

export const HELP = `Usage: newsdigest start

Runs the bot: loads the feed catalog (FEEDS_DIR), polls feeds, delivers digests and starts the Discord and
Telegram adapters whose tokens are set. With no token, digests are printed here (console publisher).
Configuration comes from environment variables (see .env.example). With HTTP_PORT set it also serves
/healthz, /readyz and /metrics (docs/operations.md). With REDIS_URL (and a postgres:// DATABASE_URL) it runs
as one of several instances sharing the work (docs/cluster.md). Stop with Ctrl+C (SIGINT) or SIGTERM.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  if (args.length > 0) {
    return printError(io, { code: 'input.invalid_option', params: { option: args.join(' ') } });
  }
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (e) {
    if (e instanceof ConfigError)
      return printError(io, { code: 'config.invalid', detail: e.problems.join('; ') });
    return printError(io, toErrorInfo(e));
  }
  printConfigWarnings(io, config);
  // Listen before starting: startApp logs "news-digest-bot started" (what supervisors and scripts wait for)
  // before it returns, and a signal that came before the listeners would end the process at once, without a
  // graceful stop. A signal during start-up stops the bot as soon as it has started; a second one ends it.
  const stopSignal = untilSignal();
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp(config, { stdout: io.stdout, stderr: io.stderr, stderrIsTty: io.stderrIsTty });
  } catch (e) {
    stopSignal.cancel();
    return printError(io, toErrorInfo(e));
  }
  const signal = await stopSignal.signal;
  app.log.info({ signal }, 'shutting down');
  await app.stop();
  return 0;
}

/** The first SIGINT or SIGTERM from now on; `cancel` removes the listeners (start failed, nothing to stop). */
function untilSignal(): { signal: Promise<NodeJS.Signals>; cancel: () => void } {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const listeners = new Map<NodeJS.Signals, () => void>();
  const cancel = () => {
    for (const [name, listener] of listeners) process.off(name, listener);
  };
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    for (const name of signals) {
      const listener = () => {
        cancel();
        resolve(name);
      };
      listeners.set(name, listener);
      process.on(name, listener);
    }
  });
  return { signal, cancel };
}
