/**
 * A local fake of the Telegram Bot API (node:http on 127.0.0.1) for grammY: `POST /bot<token>/<method>`,
 * long-polling getUpdates, a small chat/member model, file downloads, recorded calls and scripted errors.
 * See ../shared/docs/telegram-fake.md for what it mirrors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSender } from './telegram-fake-webhook.js';
import { checkTelegramHtml } from './telegram-html.js';

import {
  ApiError,
  CONFLICT_POLL,
  CONFLICT_WEBHOOK,
  commandKey,
  HELD,
  type Json,
  readBody,
  send,
} from './telegram-fake-http.js';

export type { Json } from './telegram-fake-http.js';

export interface RecordedCall {
  method: string;
  body: Json;
  /** The client label of an apiRoot from `apiRootFor(label)` (tells several bot instances apart). */
  client?: string;
  /** The error code the fake answered with; unset while pending and for successful calls. */
  errorCode?: number;
  /** When the call arrived (Date.now()), for rate checks over sliding windows. */
  at?: number;
}

export interface ScriptedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
  is_forum?: boolean;
}

export const BOT_USER = {
  id: 7000001,
  is_bot: true,
  first_name: 'Digest Test',
  username: 'Digest_Test_Bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

const MAX_HOLD_MS = 1500;

export class TelegramFake {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  /** Webhook mode: set by setWebhook; the test gives the loopback targets (`webhook.targets(ports)`). */
  readonly webhook = new WebhookSender();
  private readonly server: Server;
  private updates: Json[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private waiters = new Set<() => void>();
  /** getUpdates calls being held (long polls in flight). */
  private polls = 0;
  private failures: { method: string; error: ScriptedError; chatId?: string; skip: number }[] = [];
  private chats = new Map<string, FakeChat>();
  private members = new Map<string, Json>();
  private files = new Map<string, { path: string; content: string }>();
  private commands = new Map<string, Json[]>();
  private port = 0;

  constructor(token = '123456:TEST-token') {
    this.token = token;
    this.server = createServer((req, res) => void this.route(req, res));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The apiRoot for grammY (no trailing slash). */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** An apiRoot whose calls are recorded with `client: label` (one per bot instance of the same token). */
  apiRootFor(label: string): string {
    return `${this.apiRoot}/c/${label}`;
  }

  /** getUpdates calls answered 409 (a second poller, or polling while a webhook is set). */
  conflicts(): RecordedCall[] {
    return this.callsOf('getUpdates').filter((c) => c.errorCode === 409);
  }

  async close(): Promise<void> {
    await this.webhook.settle();
    for (const w of this.waiters) w();
    this.waiters.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------- scripting ----------

  /** Queue an update (update_id assigned), waking long polls; POSTed to a `webhook` target when one is set. */
  pushUpdate(update: Json): number {
    const id = this.nextUpdateId++;
    if (this.webhook.active) {
      void this.webhook.deliver({ update_id: id, ...update });
      return id;
    }
    this.updates.push({ update_id: id, ...update });
    for (const w of this.waiters) w();
    this.waiters.clear();
    return id;
  }

  /** The next call of `method` (to `chatId`, when given; after `skip` such calls succeeded) answers with this error. */
  failNext(method: string, error: ScriptedError, chatId?: number | string, skip = 0): void {
    this.failures.push({ method, error, skip, ...(chatId !== undefined ? { chatId: String(chatId) } : {}) });
  }

  addChat(chat: FakeChat): void {
    this.chats.set(String(chat.id), chat);
    if (chat.username) this.chats.set(`@${chat.username.toLowerCase()}`, chat);
  }

  setMember(chatId: number, userId: number, status: string, extra: Json = {}): void {
    this.members.set(`${chatId}:${userId}`, {
      status,
      user: { id: userId, is_bot: false, first_name: `u${userId}` },
      ...extra,
    });
  }

  /**
   * Change the bot's own membership in a chat (status and rights, e.g. can_post_messages) and send the
   * my_chat_member update Telegram sends for it. From then on sendMessage to that chat answers as Telegram does
   * when the bot may not post there (kicked/left: 403; restricted or a channel without the post right: 400).
   */
  changeBotMembership(chat: FakeChat, status: string, rights: Json = {}, byUserId = 1): number {
    this.addChat(chat);
    const key = `${chat.id}:${BOT_USER.id}`;
    const old = this.members.get(key) ?? { status: 'left', user: BOT_USER };
    const next = { ...rights, status, user: BOT_USER };
    this.members.set(key, next);
    return this.pushUpdate({
      my_chat_member: {
        chat,
        from: { id: byUserId, is_bot: false, first_name: 'Admin' },
        date: Math.floor(Date.now() / 1000),
        old_chat_member: old,
        new_chat_member: next,
      },
    });
  }

  /** Why the bot may not post in this chat (only when a membership was set with changeBotMembership). */
  private refusal(chatId: unknown): ApiError | undefined {
    const m = this.members.get(`${String(chatId)}:${BOT_USER.id}`);
    if (!m) return undefined;
    const chat = this.chat(chatId);
    if (m.status === 'kicked' || m.status === 'left')
      return new ApiError(403, `Forbidden: bot was kicked from the ${chat?.type ?? 'group'} chat`);
    if (m.status === 'restricted' && !m.can_send_messages)
      return new ApiError(400, 'Bad Request: not enough rights to send text messages to the chat');
    if (
      chat?.type === 'channel' &&
      m.status !== 'creator' &&
      !(m.status === 'administrator' && m.can_post_messages)
    )
      return new ApiError(400, 'Bad Request: need administrator rights in the channel chat');
    return undefined;
  }

  addFile(fileId: string, content: string, name = 'file.bin'): void {
    this.files.set(fileId, { path: `documents/${fileId}-${name}`, content });
  }

  /** Scripted errors not yet consumed. */
  pendingFailures(): number {
    return this.failures.length;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Wait (bounded) until `predicate` holds over the recorded calls. */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline)
        throw new Error(`waitFor timed out; calls: ${this.calls.map((c) => c.method).join(',')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // ---------- HTTP ----------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.download(file[1] ?? '', file[2] ?? '', res);
    const m = /^(?:\/c\/([\w-]+))?\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!m || req.method !== 'POST')
      return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[2] !== this.token)
      return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[3] ?? '';
    const body = await readBody(req);
    const call: RecordedCall = { method, body, at: Date.now(), ...(m[1] ? { client: m[1] } : {}) };
    this.calls.push(call);
    const failure = this.takeFailure(method, body);
    if (failure) {
      call.errorCode = failure.error_code;
      return send(res, failure.error_code, { ok: false, ...failure });
    }
    try {
      const result = await this.answer(method, body, res);
      if (result === HELD) return;
      if (result instanceof ApiError) {
        call.errorCode = result.code;
        return send(res, result.code, { ok: false, error_code: result.code, description: result.message });
      }
      send(res, 200, { ok: true, result });
    } catch (e) {
      call.errorCode = 500;
      send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(e)}` });
    }
  }

  private takeFailure(method: string, body: Json): ScriptedError | undefined {
    const chat = String(body.chat_id ?? '');
    const i = this.failures.findIndex(
      (f) => f.method === method && (f.chatId === undefined || f.chatId === chat),
    );
    const found = this.failures[i];
    if (!found) return undefined;
    if (found.skip > 0) {
      found.skip -= 1;
      return undefined;
    }
    this.failures.splice(i, 1);
    return found.error;
  }

  private download(token: string, path: string, res: ServerResponse): void {
    const entry = [...this.files.values()].find((f) => f.path === path);
    if (token !== this.token || !entry) {
      send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(entry.content);
  }

  private async answer(method: string, b: Json, res: ServerResponse): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return BOT_USER;
      case 'setWebhook':
        this.webhook.set(String(b.url ?? ''), b.secret_token);
        return true;
      case 'deleteWebhook':
        this.webhook.clear();
        return true;
      case 'getWebhookInfo':
        return { ...this.webhook.info(), pending_update_count: this.updates.length };
      case 'answerCallbackQuery':
      case 'deleteMyCommands':
        return true;
      case 'getUpdates':
        return this.getUpdates(b, res);
      case 'sendMessage':
        return this.sendMessage(b);
      case 'editMessageText':
        return this.editMessage(b);
      case 'sendDocument':
        return this.message(b.chat_id, {
          document: { file_id: `doc${this.nextMessageId}`, file_name: b.document_name },
          caption: b.caption,
        });
      case 'setMyCommands':
        this.commands.set(commandKey(b), b.commands ?? []);
        return true;
      case 'getMyCommands':
        return this.commands.get(commandKey(b)) ?? [];
      case 'getChat':
        return this.chat(b.chat_id) ?? new ApiError(400, 'Bad Request: chat not found');
      case 'getChatMember':
        return this.member(b.chat_id, b.user_id);
      case 'getChatAdministrators':
        return this.admins(b.chat_id);
      case 'getFile':
        return this.getFile(b.file_id);
      default:
        return new ApiError(404, `Not Found: method ${method} not found`);
    }
  }

  private async getUpdates(b: Json, res: ServerResponse): Promise<unknown> {
    if (this.webhook.url) return new ApiError(409, CONFLICT_WEBHOOK);
    if (this.polls > 0) return new ApiError(409, CONFLICT_POLL);
    const offset = Number(b.offset ?? 0);
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    const limit = Number(b.limit ?? 100);
    const timeout = Number(b.timeout ?? 0);
    if (this.updates.length === 0 && timeout > 0) {
      this.polls += 1;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(timeout * 1000, MAX_HOLD_MS));
        this.waiters.add(done);
        res.on('close', done);
      });
      this.polls -= 1;
      if (res.destroyed || res.writableEnded) return HELD;
    }
    return this.updates.slice(0, limit);
  }

  private sendMessage(b: Json): unknown {
    const refused = this.refusal(b.chat_id);
    if (refused) return refused;
    const text = String(b.text ?? '');
    if (text.trim() === '') return new ApiError(400, 'Bad Request: message text is empty');
    let visible = text;
    if (b.parse_mode === 'HTML') {
      const check = checkTelegramHtml(text);
      if (!check.ok) return new ApiError(400, `Bad Request: can't parse entities: ${check.error}`);
      visible = check.text;
    }
    if (visible.length > 4096) return new ApiError(400, 'Bad Request: message is too long');
    return this.message(b.chat_id, {
      text: visible,
      ...(b.message_thread_id ? { message_thread_id: b.message_thread_id, is_topic_message: true } : {}),
    });
  }

  private editMessage(b: Json): unknown {
    const msg = this.message(b.chat_id, { text: b.text });
    return { ...msg, message_id: b.message_id };
  }

  private message(chatId: unknown, extra: Json): Json {
    const chat = this.chat(chatId) ?? {
      id: Number(chatId),
      type: Number(chatId) > 0 ? 'private' : 'supergroup',
    };
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: BOT_USER,
      ...extra,
    };
  }

  private chat(id: unknown): FakeChat | undefined {
    const key = String(id);
    return this.chats.get(key.startsWith('@') ? key.toLowerCase() : key);
  }

  private member(chatId: unknown, userId: unknown): unknown {
    const chat = this.chat(chatId);
    if (!chat && String(chatId).startsWith('@')) return new ApiError(400, 'Bad Request: chat not found');
    const id = chat?.id ?? Number(chatId);
    const m = this.members.get(`${id}:${userId}`);
    if (m) return Number(userId) === BOT_USER.id ? { ...m, user: BOT_USER } : m;
    return { status: 'member', user: { id: Number(userId), is_bot: false, first_name: `u${userId}` } };
  }

  private admins(chatId: unknown): unknown {
    const id = this.chat(chatId)?.id ?? Number(chatId);
    return [...this.members.entries()]
      .filter(([k, m]) => k.startsWith(`${id}:`) && ['creator', 'administrator'].includes(m.status))
      .map(([, m]) => m);
  }

  private getFile(fileId: string): unknown {
    const f = this.files.get(fileId);
    if (!f) return new ApiError(400, 'Bad Request: invalid file_id');
    return { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: f.content.length, file_path: f.path };
  }
}
