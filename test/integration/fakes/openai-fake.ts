/**
 * A loopback fake of an OpenAI-compatible chat-completions server (POST /v1/chat/completions).
 * Tests queue replies; every request is recorded (body, authorization header), with the peak of parallel requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReply {
  status?: number;
  /** Assistant message content (wrapped in a chat.completion body). */
  content?: string;
  /** Raw response body instead of a chat.completion (for malformed answers). */
  raw?: string;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
  /** Answer only once this settles (to hold requests in flight). */
  until?: Promise<unknown>;
  headers?: Record<string, string>;
}

export interface RecordedChatRequest {
  path: string;
  authorization?: string;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: unknown;
  };
}

export interface OpenAiFake {
  /** Base URL to put in LLM_BASE_URL (ends in /v1). */
  baseUrl: string;
  requests: RecordedChatRequest[];
  /** Largest number of requests in flight at once. */
  maxInFlight: number;
  /** Replies used in order; when empty, `fallback` answers. */
  queue: FakeReply[];
  fallback: (req: RecordedChatRequest) => FakeReply;
  close(): Promise<void>;
}

function completion(content: string, model = 'fake-model'): string {
  return JSON.stringify({
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOpenAiFake(): Promise<OpenAiFake> {
  let inFlight = 0;
  const fake: OpenAiFake = {
    baseUrl: '',
    requests: [],
    maxInFlight: 0,
    queue: [],
    fallback: () => ({ status: 500, raw: '{"error":{"message":"no reply queued"}}' }),
    close: async () => {},
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    let released = false;
    const release = () => {
      if (!released) inFlight--;
      released = true;
    };
    // a client that gave up (timeout) closes the connection: it no longer counts as in flight
    res.on('close', release);
    try {
      const text = await readBody(req);
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const rec: RecordedChatRequest = {
        path: req.url,
        authorization: req.headers.authorization,
        body: JSON.parse(text) as RecordedChatRequest['body'],
      };
      fake.requests.push(rec);
      const reply = fake.queue.shift() ?? fake.fallback(rec);
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (reply.until) await reply.until;
      if (res.destroyed) return;
      const body = reply.raw ?? completion(reply.content ?? '', rec.body.model);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(body);
    } finally {
      release();
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(400).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}/v1`;
  fake.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}

/** The JSON a well-behaved model returns. */
export function answer(a: {
  headline?: string;
  sentences: string[];
  keyFigures?: { text: string; value?: number; unit?: string; qualifier?: string; source?: string }[];
}): string {
  return JSON.stringify(a);
}
