/** HTTP helpers of the Telegram fake: request bodies (JSON or multipart/form-data for uploads) and answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

// biome-ignore lint/suspicious/noExplicitAny: Bot API payloads are free-form JSON in the fake
export type Json = Record<string, any>;

/** JSON or multipart bodies; multipart fields holding JSON are parsed, files become { name, content }. */
export class ApiError {
  constructor(
    readonly code: number,
    readonly message: string,
  ) {}
}

export const HELD = Symbol('held');

export function send(res: ServerResponse, status: number, payload: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

/** Telegram's 409 answers to getUpdates: while a webhook is set, and to a second poller. */
export const CONFLICT_WEBHOOK =
  "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
export const CONFLICT_POLL =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

export function commandKey(b: Json): string {
  return `${b.scope?.type ?? 'default'}|${b.language_code ?? ''}`;
}

export async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) return resolveAttachments(parseMultipart(raw, type));
  if (raw.length === 0) return {};
  return JSON.parse(raw.toString('utf8')) as Json;
}

/** A small multipart/form-data reader: string fields (JSON parsed when it looks like JSON) and files. */
function parseMultipart(raw: Buffer, type: string): Json {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  const marker = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
  const out: Json = {};
  for (const part of raw.toString('latin1').split(marker)) {
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const head = part.slice(0, sep);
    const body = Buffer.from(part.slice(sep + 4).replace(/\r\n$/, ''), 'latin1').toString('utf8');
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name) continue;
    const fm = /filename\*?=(?:"([^"]*)"|([^;\r\n]+))/i.exec(head);
    const filename = fm ? (fm[1] ?? fm[2] ?? '') : undefined;
    out[name] = filename !== undefined ? { name: filename, content: body } : parseMaybeJson(body);
  }
  return out;
}

/** grammY sends `document: "attach://<id>"` plus a part named <id>; fold it back into `document`. */
function resolveAttachments(out: Json): Json {
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string' && v.startsWith('attach://')) {
      const part = out[v.slice('attach://'.length)];
      if (part) {
        out[k] = part;
        out[`${k}_name`] = part.name;
      }
    }
  }
  return out;
}

function parseMaybeJson(v: string): unknown {
  if (/^[[{"]/.test(v) || /^-?\d+$/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}
