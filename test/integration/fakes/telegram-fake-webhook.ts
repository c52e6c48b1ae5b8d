/**
 * Webhook delivery for the Telegram fake: after `setWebhook(url, secret_token)` the fake POSTs updates as JSON with
 * `X-Telegram-Bot-Api-Secret-Token` to loopback targets the test gives (ports standing in for the instances behind a
 * load balancer; the path is the one of the https URL the bot set), round-robin, and can deliver an update again
 * to another target, as Telegram does when an answer was slow or failed.
 */
import type { Json } from './telegram-fake-http.js';

export interface WebhookDelivery {
  updateId: number;
  port: number;
  /** HTTP status the target answered; 0 when the connection failed. */
  status: number;
  /** True for a re-delivery (redeliver). */
  again: boolean;
}

export class WebhookSender {
  url = '';
  secret = '';
  readonly deliveries: WebhookDelivery[] = [];
  private ports: number[] = [];
  private next = 0;
  private readonly sent = new Map<number, Json>();
  private readonly lastPort = new Map<number, number>();
  private readonly inFlight = new Set<Promise<unknown>>();

  set(url: string, secret: string | undefined): void {
    this.url = url;
    this.secret = secret ?? '';
  }

  clear(): void {
    this.url = '';
    this.secret = '';
  }

  /** The loopback ports the "load balancer" spreads deliveries over. */
  targets(ports: number[]): void {
    this.ports = [...ports];
    this.next = 0;
  }

  /** A webhook is set and the test gave targets: updates are delivered instead of queued for getUpdates. */
  get active(): boolean {
    return this.url !== '' && this.ports.length > 0;
  }

  info(): Json {
    return { url: this.url, has_custom_certificate: false, pending_update_count: 0 };
  }

  /** Deliver to the next target (round-robin). */
  deliver(update: Json): Promise<number> {
    const port = this.ports[this.next % this.ports.length] ?? 0;
    this.next += 1;
    this.sent.set(update.update_id, update);
    return this.post(update, port, false);
  }

  /** Deliver an update again, to `port` or to the target after the one that got it last. */
  redeliver(updateId: number, port?: number): Promise<number> {
    const update = this.sent.get(updateId);
    if (!update) throw new Error(`update ${updateId} was never delivered`);
    const i = this.ports.indexOf(this.lastPort.get(updateId) ?? -1);
    const to = port ?? this.ports[(i + 1) % this.ports.length] ?? 0;
    return this.post(update, to, true);
  }

  /** Wait until every delivery under way was answered. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private post(update: Json, port: number, again: boolean): Promise<number> {
    const path = new URL(this.url).pathname;
    this.lastPort.set(update.update_id, port);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.secret) headers['x-telegram-bot-api-secret-token'] = this.secret;
    const p = fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(update),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      })
      .catch(() => 0)
      .then((status) => {
        this.deliveries.push({ updateId: update.update_id, port, status, again });
        return status;
      });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }
}
