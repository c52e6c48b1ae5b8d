/** A loopback HTTP server for fetcher tests: routes by path, counts connections and closed sockets. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  server: Server;
  port: number;
  host: string;
  url(path: string): string;
  route(path: string, handler: Handler): void;
  connections: number;
  closedSockets: number;
  requests: IncomingMessage[];
  /** Resolves when the next socket closes. */
  nextClose(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(host = '127.0.0.1'): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const sockets = new Set<Socket>();
  let waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    state.requests.push(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = routes.get(path);
    if (handler) return handler(req, res);
    res.statusCode = 404;
    res.end('not found');
  });
  server.on('connection', (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      state.closedSockets++;
      const w = waiters;
      waiters = [];
      for (const fn of w) fn();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const state: TestServer = {
    server,
    port,
    host,
    url: (path) => `http://${host}:${port}${path}`,
    route: (path, handler) => {
      routes.set(path, handler);
    },
    connections: 0,
    closedSockets: 0,
    requests: [],
    nextClose: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}
