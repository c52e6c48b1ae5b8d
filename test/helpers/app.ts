/**
 * The bot as `node dist/cli.js start` runs it (`startApp`, the same composition root), for end-to-end tests: a real
 * SQLite file in a temp folder, an empty feed catalog, loopback feeds allowed, and the caller's platform settings
 * (pointing at a fake). Log lines are kept for assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWith, type SettingName } from '../../src/config/index.js';
import { type App, startApp } from '../../src/main.js';
import type { ChannelRef, DeliveryStatus } from '../../src/domain/types.js';
import type { PollReport } from '../../src/scheduler/index.js';

export interface BotUnderTest {
  app: App;
  /** Log lines (JSON) the bot wrote. */
  logLines: string[];
  /**
   * The poller's next scheduled cycle, brought forward: wait for a cycle that may be running, make every feed due
   * (as its interval would) and poll.
   */
  scheduledPoll(): Promise<PollReport>;
  /**
   * Wait until delivery has decided and finished the articles at `urls` for `channel` (each posted, skipped or
   * failed; none waiting or being sent) and return their statuses in order.
   */
  settled(channel: ChannelRef, urls: readonly string[]): Promise<DeliveryStatus[]>;
  close(): Promise<void>;
}

/** Poll `check` until it returns a value (bounded at about 20 s, below the test timeout). */
export async function until<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function startBot(
  feedPort: number,
  settings: Partial<Record<SettingName, string>>,
): Promise<BotUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'newsdigest-e2e-'));
  const config = configWith({
    DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
    FEEDS_DIR: join(dir, 'no-catalog'),
    ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
    ALLOW_PORTS: String(feedPort),
    FULL_TEXT: 'false',
    LOG_LEVEL: 'info',
    ...settings,
  });
  const logLines: string[] = [];
  let app: App;
  try {
    app = await startApp(config, { stdout: () => undefined, stderr: (l) => logLines.push(l) });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    app,
    logLines,
    scheduledPoll: async () => {
      await app.poller.pollOnce();
      await app.store.db.updateTable('feeds').set({ next_check_at: 0 }).execute();
      return app.poller.pollOnce();
    },
    settled: (channel, urls) =>
      until(async () => {
        const out: DeliveryStatus[] = [];
        for (const url of urls) {
          const records = await app.engine.why(channel, url);
          if (records.length === 0 || records.some((r) => r.status === 'pending' || r.status === 'sending'))
            return undefined;
          out.push(...records.map((r) => r.status));
        }
        return out;
      }, `delivery of ${urls.length} article(s)`),
    close: async () => {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
