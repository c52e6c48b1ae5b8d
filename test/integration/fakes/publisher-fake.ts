/**
 * Fakes of a chat platform at its edge, for delivery tests:
 * - `scriptedPublisher`: an in-process Publisher that records every call (time from the engine's clock, chat,
 *   nonce) and answers from a script (ok, rate limit, server error, permanent error, migration).
 * - `startFakePlatform`: a loopback HTTP platform (POST /messages, GET /stats) that counts arrivals per nonce,
 *   optionally suppressing repeated nonces like Discord's enforce_nonce; `httpPublisher` is its client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { OutgoingMessage, Platform, PublishResult, Publisher } from '../../../src/domain/types.js';

export interface PublishCall {
  at: number;
  chatId: string;
  nonce: string;
  headlines: string[];
  message: OutgoingMessage;
}

export type Script = (m: OutgoingMessage, attempt: number) => PublishResult | undefined;

export interface ScriptedPublisher extends Publisher {
  calls: PublishCall[];
  delivered: PublishCall[];
  notices: { chatId: string; text: string }[];
  notifyAdmins(channel: OutgoingMessage['channel'], text: string): Promise<void>;
}

export function scriptedPublisher(o: {
  platform?: Platform;
  idempotent?: boolean;
  now: () => number;
  script?: Script;
}): ScriptedPublisher {
  const attempts = new Map<string, number>();
  const calls: PublishCall[] = [];
  const delivered: PublishCall[] = [];
  const notices: { chatId: string; text: string }[] = [];
  let id = 0;
  return {
    platform: o.platform ?? 'telegram',
    idempotent: o.idempotent ?? false,
    calls,
    delivered,
    notices,
    async publish(m) {
      const n = (attempts.get(m.nonce) ?? 0) + 1;
      attempts.set(m.nonce, n);
      const call = {
        at: o.now(),
        chatId: m.channel.chatId,
        nonce: m.nonce,
        headlines: m.digests.map((d) => d.headline),
        message: m,
      };
      calls.push(call);
      const scripted = o.script?.(m, n);
      if (scripted && !scripted.ok) return scripted;
      delivered.push(call);
      id++;
      return { ok: true, messageIds: [`m${id}`] };
    },
    async notifyAdmins(channel, text) {
      notices.push({ chatId: channel.chatId, text });
    },
  };
}

export interface PlatformStats {
  arrivals: number;
  distinct: number;
  duplicates: number;
  suppressed: number;
}

/** Loopback HTTP platform. With `idempotent`, a repeated nonce returns the first message id and does not arrive again. */
export async function startFakePlatform(o: {
  idempotent: boolean;
  delayMs?: number;
}): Promise<{ url: string; stats: () => PlatformStats; close: () => Promise<void> }> {
  const seen = new Map<string, number>();
  let arrivals = 0;
  let suppressed = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(stats()));
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const msg = JSON.parse(body) as { nonce: string };
      const reply = () => {
        const before = seen.get(msg.nonce);
        if (before !== undefined && o.idempotent) suppressed++;
        else {
          arrivals++;
          seen.set(msg.nonce, (before ?? 0) + 1);
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: `${msg.nonce}:${arrivals}` }));
      };
      if (o.delayMs) setTimeout(reply, o.delayMs);
      else reply();
    });
  });
  function stats(): PlatformStats {
    let duplicates = 0;
    for (const n of seen.values()) duplicates += n - 1;
    return { arrivals, distinct: seen.size, duplicates, suppressed };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Publisher client of the loopback platform. */
export function httpPublisher(url: string, idempotent: boolean, platform: Platform = 'discord'): Publisher {
  return {
    platform,
    idempotent,
    async publish(m) {
      try {
        const r = await request(`${url}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chatId: m.channel.chatId, nonce: m.nonce, n: m.digests.length }),
        });
        const body = (await r.body.json()) as { id: string };
        return { ok: true, messageIds: [body.id] };
      } catch (e) {
        return { ok: false, code: 'delivery.network', permanent: false, detail: String(e) };
      }
    },
  };
}
