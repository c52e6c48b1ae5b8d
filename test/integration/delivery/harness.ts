/** A delivery engine on a real store with a virtual clock and a scripted publisher. */
import { configWith, type SettingName } from '../../../src/config/index.js';
import { virtualClock } from '../../../src/delivery/clock.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import type { PlatformLimits } from '../../../src/delivery/limiter.js';
import type { Platform, SummarizeInput, Summarizer } from '../../../src/domain/types.js';
import { silentLogger } from '../../../src/log/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import type { TestStore } from '../../helpers/store.js';
import { type Script, type ScriptedPublisher, scriptedPublisher } from '../fakes/publisher-fake.js';

export interface Harness {
  engine: DeliveryEngine;
  clock: ReturnType<typeof virtualClock>;
  pub: ScriptedPublisher;
  summarizeCalls: SummarizeInput[];
}

export function harness(
  ts: TestStore,
  o: {
    platform?: Platform;
    idempotent?: boolean;
    script?: Script;
    settings?: Partial<Record<SettingName, string>>;
    limits?: (p: Platform) => PlatformLimits;
  } = {},
): Harness {
  const clock = virtualClock();
  const summarizeCalls: SummarizeInput[] = [];
  const summarizer: Summarizer = {
    name: 'extractive',
    summarize: (input) => {
      summarizeCalls.push(input);
      return extractiveSummarizer.summarize(input);
    },
  };
  const config = configWith({ DELIVERY_CONCURRENCY: '1', LOG_LEVEL: 'silent', ...o.settings });
  const engine = createDeliveryEngine({
    store: ts.store,
    config,
    log: silentLogger,
    summarizer,
    clock,
    ...(o.limits ? { limits: o.limits } : {}),
  });
  const pub = scriptedPublisher({
    platform: o.platform ?? 'telegram',
    idempotent: o.idempotent,
    now: clock.now,
    script: o.script,
  });
  engine.registerPublisher(pub);
  return { engine, clock, pub, summarizeCalls };
}

/** Status and reason of every delivery, by article id. */
export async function decisions(
  ts: TestStore,
): Promise<{ article: string; chat: string; status: string; reason: string }[]> {
  const rows = await ts.store.db
    .selectFrom('deliveries')
    .innerJoin('articles', 'articles.pk', 'deliveries.article_pk')
    .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
    .select(['articles.id as article', 'channels.chat_id as chat', 'deliveries.status', 'deliveries.reason'])
    .orderBy('deliveries.id')
    .execute();
  return rows.map((r) => ({ article: r.article, chat: r.chat, status: r.status, reason: r.reason }));
}
