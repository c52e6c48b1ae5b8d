/**
 * A loopback TCP proxy for store outage tests: the bot talks to PostgreSQL through it, and `cut()` drops every
 * connection (reset) and resets each new one until `restore()` — what the bot sees when the server goes away,
 * without stopping the shared server.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  /** The same URL with host and port pointing at the proxy. */
  through(url: string): string;
  /** Drop every open connection and refuse (reset) new ones. */
  cut(): void;
  /** Accept and forward connections again. */
  restore(): void;
  isCut(): boolean;
  /** Connections forwarded so far, and those open now. */
  stats(): { accepted: number; refused: number; open: number };
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let cut = false;
  let accepted = 0;
  let refused = 0;
  const drop = (s: Socket) => {
    if (!s.destroyed) s.resetAndDestroy();
  };
  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (cut) {
      refused++;
      drop(client);
      return;
    }
    accepted++;
    const upstream = tcpConnect(target.port, target.host);
    upstream.on('error', () => drop(client));
    client.on('error', () => drop(upstream));
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forget = () => pairs.delete(pair);
    client.on('close', () => {
      forget();
      upstream.destroy();
    });
    upstream.on('close', () => {
      forget();
      client.destroy();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    through(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      cut = true;
      for (const [a, b] of pairs) {
        drop(a);
        drop(b);
      }
      pairs.clear();
    },
    restore() {
      cut = false;
    },
    isCut: () => cut,
    stats: () => ({ accepted, refused, open: pairs.size }),
    async close() {
      cut = true;
      for (const [a, b] of pairs) {
        drop(a);
        drop(b);
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
