/**
 * The /metrics registry (prom-client): default process metrics (memory, CPU, event-loop delay, GC) and the
 * bot's own counters, fed by the poller's and the sender's hooks, plus gauges read from the store on scrape.
 * One registry per app (not prom-client's global one), so several apps in one process do not collide.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { LimitScope, Platform, PublishResult, Publisher } from '../domain/types.js';
import type { Store } from '../store/db.js';
import { feedsByHealth } from '../store/feeds-repo.js';
import { outboxDepth } from '../store/outbox-repo.js';

/** What the metrics need of a finished refresh (the poller's `RefreshResult`). */
export interface RefreshOutcome {
  status: string;
  newItems: number;
  announced: readonly unknown[];
}

export interface AppMetrics {
  registry: Registry;
  contentType: string;
  /** Poller hook: one feed refreshed in `ms` milliseconds. */
  refreshed(result: RefreshOutcome, ms: number): void;
  /** The publisher, counting each platform answer (a throw counts as `delivery.network`, as the sender reads it). */
  observe(p: Publisher): Publisher;
  /** Sender hook: sending waited `ms` for a rate limit (the platform's overall one, or a chat's). */
  limitWaited(platform: Platform, scope: LimitScope, ms: number): void;
  /** The exposition text (runs the store gauges' queries). */
  render(): Promise<string>;
}

export function createAppMetrics(store: Store): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newsdigest_' });
  const registers = [registry];
  const refreshes = new Counter({
    name: 'newsdigest_feed_refreshes_total',
    help: 'Feed refreshes by outcome (ok, not_modified, failed).',
    labelNames: ['status'] as const,
    registers,
  });
  const refreshSeconds = new Histogram({
    name: 'newsdigest_feed_refresh_duration_seconds',
    help: 'Duration of one feed refresh (fetch, parse, extract, store).',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const itemsNew = new Counter({
    name: 'newsdigest_items_new_total',
    help: 'Feed items stored for the first time.',
    registers,
  });
  const itemsAnnounced = new Counter({
    name: 'newsdigest_items_announced_total',
    help: 'New items announced to the subscribed chats.',
    registers,
  });
  const deliveries = new Counter({
    name: 'newsdigest_deliveries_total',
    help: 'Messages handed to a platform, by platform and outcome (delivered, error).',
    labelNames: ['platform', 'outcome'] as const,
    registers,
  });
  const platformErrors = new Counter({
    name: 'newsdigest_platform_errors_total',
    help: 'Platform answers that were not a delivery, by platform and error code.',
    labelNames: ['platform', 'code'] as const,
    registers,
  });
  const rateLimited = new Counter({
    name: 'newsdigest_rate_limited_total',
    help: 'Rate-limit answers (HTTP 429) from a platform.',
    labelNames: ['platform'] as const,
    registers,
  });
  const limitWaits = new Counter({
    name: 'newsdigest_rate_limit_waits_total',
    help: "Times sending waited for the bot's own rate limits, by platform and scope (global, chat).",
    labelNames: ['platform', 'scope'] as const,
    registers,
  });
  const limitWaitSeconds = new Counter({
    name: 'newsdigest_rate_limit_wait_seconds_total',
    help: "Seconds sending waited for the bot's own rate limits, by platform and scope.",
    labelNames: ['platform', 'scope'] as const,
    registers,
  });
  new Gauge({
    name: 'newsdigest_store_up',
    help: '1 while the store is reachable, 0 during an outage.',
    registers,
    collect() {
      this.set(store.health.available() ? 1 : 0);
    },
  });
  // the store gauges: one query each on scrape; during an outage they keep their last values
  new Gauge({
    name: 'newsdigest_outbox_messages',
    help: 'Outbox messages waiting (pending) and being sent (sending).',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      if (!store.health.available()) return;
      const depth = await outboxDepth(store.db).catch(() => undefined);
      if (!depth) return;
      for (const [status, n] of Object.entries(depth)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'newsdigest_feeds',
    help: 'Feeds by health (ok, failing, disabled).',
    labelNames: ['health'] as const,
    registers,
    async collect() {
      if (!store.health.available()) return;
      const byHealth = await feedsByHealth(store.db).catch(() => undefined);
      if (!byHealth) return;
      for (const [health, n] of Object.entries(byHealth)) this.set({ health }, n);
    },
  });
  return {
    registry,
    contentType: registry.contentType,
    refreshed(r, ms) {
      refreshes.inc({ status: r.status });
      refreshSeconds.observe(ms / 1000);
      if (r.newItems > 0) itemsNew.inc(r.newItems);
      if (r.announced.length > 0) itemsAnnounced.inc(r.announced.length);
    },
    observe(p) {
      const count = (code?: string) => {
        deliveries.inc({ platform: p.platform, outcome: code ? 'error' : 'delivered' });
        if (code) platformErrors.inc({ platform: p.platform, code });
        if (code === 'delivery.rate_limited') rateLimited.inc({ platform: p.platform });
      };
      // the publisher's other members (admin notices, …) stay as they are
      return Object.create(p, {
        publish: {
          value: async (m: Parameters<Publisher['publish']>[0]): Promise<PublishResult> => {
            try {
              const r = await p.publish(m);
              count(r.ok ? undefined : r.code);
              return r;
            } catch (e) {
              count('delivery.network');
              throw e;
            }
          },
        },
      }) as Publisher;
    },
    limitWaited(platform, scope, ms) {
      limitWaits.inc({ platform, scope });
      limitWaitSeconds.inc({ platform, scope }, ms / 1000);
    },
    render: () => registry.metrics(),
  };
}
