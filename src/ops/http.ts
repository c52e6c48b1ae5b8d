/**
 * The operations server (node:http, no framework), started when HTTP_PORT is set:
 * `GET /healthz` 200 `ok` while the process runs; `GET /readyz` 200 when started and the store (and in cluster
 * mode Redis) is reachable, 503 with a short JSON reason while starting, during a store or Redis outage
 * (`store.unavailable`, `redis.unavailable`) and while stopping; `GET /metrics` the
 * Prometheus text. Only GET and HEAD; other paths 404.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../log/index.js';
import type { StoreReadiness } from '../store/health.js';
import type { AppMetrics } from './metrics.js';

/** The store's readiness; in cluster mode also whether Redis is reachable. */
export type AppReadiness = StoreReadiness & { redis?: { reachable: boolean } };

export interface OpsServerOptions {
  host: string;
  port: number;
  log: Logger;
  metrics: AppMetrics;
  /** The store's readiness, or the app's phase while it starts or stops. */
  readiness: () => AppReadiness | 'starting' | 'stopping';
}

export interface OpsServer {
  /** The port it listens on (the real one when HTTP_PORT=0). */
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);

function readyz(res: ServerResponse, state: AppReadiness | 'starting' | 'stopping'): void {
  if (state === 'starting' || state === 'stopping') json(res, 503, { ready: false, reason: state });
  else if (state.ready) json(res, 200, { ready: true });
  else if (state.store.reachable && state.redis?.reachable === false)
    json(res, 503, { ready: false, reason: 'redis.unavailable' });
  // the cause of the outage stays in the log (it may name hosts); the probe gets the code and since when
  else json(res, 503, { ready: false, reason: 'store.unavailable', since: state.store.sinceIso });
}

export async function startOpsServer(o: OpsServerOptions): Promise<OpsServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
    if (path === '/readyz') return readyz(res, o.readiness());
    if (path === '/metrics') return send(res, 200, o.metrics.contentType, await o.metrics.render());
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      o.log.error({ path: req.url?.slice(0, 100), err: String(e) }, 'operations request failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  // a probe's keep-alive connection must not hold the shutdown
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) =>
      reject(
        new AppError(
          'config.invalid',
          `HTTP_PORT: cannot listen on ${o.host}:${o.port} (${e.code ?? e.message})`,
        ),
      );
    server.once('error', failed);
    server.listen(o.port, o.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  o.log.info({ host: o.host, port }, 'operations server listening (/healthz, /readyz, /metrics)');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
