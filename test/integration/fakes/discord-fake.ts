/**
 * A fake Discord for tests: REST under /api/v10 and a gateway over WebSocket, both on 127.0.0.1, speaking enough
 * of the protocol for the unmodified discord.js client (see ../shared/docs/discord-fake.md). It records every
 * REST call, stores messages and registered commands, injects INTERACTION_CREATE events, and can answer with
 * 429 (rate-limit headers), 403/50013, 404/10003 or 5xx on demand. It is strict: message bodies over Discord's
 * limits get the real 400/50035 answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  BOT_ROLE_PERMISSIONS,
  botMemberPayload,
  botUser,
  channelPayload,
  dmChannelPayload,
  type Failure,
  type FakeChannel,
  type FakeInteraction,
  type FakeOverwrite,
  type FakeRole,
  guildPayload,
  type InteractOptions,
  restGuildPayload,
  interactionPayload,
  invalidForm,
  messageObject,
  type RecordedCall,
  rolePayload,
  type StoredMessage,
  snowflake,
  type World,
} from './discord-fake-payloads.js';
import { type Connection, extraGuild, guildShard, type Shard } from './discord-fake-shards.js';
import { validateMessageBody } from './discord-limits.js';

export type {
  Failure,
  FakeChannel,
  FakeInteraction,
  FakeOverwrite,
  FakeRole,
  InteractOptions,
  RecordedCall,
  StoredMessage,
};

const OPTION_SUBCOMMAND = 1;

export class DiscordFake {
  readonly appId = snowflake();
  readonly botId = this.appId;
  readonly guildId = snowflake();
  readonly ownerId = snowflake();
  readonly channels = new Map<string, FakeChannel>();
  /** The bot's managed role: the permissions it has in every channel unless an overwrite says otherwise. */
  readonly botRoleId = snowflake();
  readonly roles: FakeRole[] = [
    { id: this.guildId, name: '@everyone', permissions: '0', position: 0 },
    {
      id: this.botRoleId,
      name: 'News Digest',
      permissions: BOT_ROLE_PERMISSIONS,
      position: 1,
      managed: true,
    },
  ];
  botRoles: string[] = [this.botRoleId];
  readonly calls: RecordedCall[] = [];
  readonly messages: StoredMessage[] = [];
  readonly commands = new Map<string, unknown[]>();
  readonly gatewayEvents: { op: number; t?: string }[] = [];
  readonly files = new Map<string, string>();
  /** DM channels opened with POST /users/@me/channels: channel id → recipient user id. */
  readonly dmChannels = new Map<string, string>();
  textChannelId = '';
  /** Shards Discord recommends (GET /gateway/bot `shards`); a guild belongs to shard (id >> 22) % count. */
  shardCount = 1;
  /** GET /gateway/bot `session_start_limit.max_concurrency`: shards that may IDENTIFY together per 5 s. */
  maxConcurrency = 1;
  /** Guilds beside the main one (addGuild), each with one text channel. */
  readonly extraGuilds: (World & { textChannelId: string })[] = [];
  /** Every IDENTIFY's shard, in order. */
  readonly identifies: Shard[] = [];
  /** Protocol breaches seen, e.g. a shard identified while another connection runs it. */
  readonly violations: string[] = [];
  /** Interaction callbacks (POST /interactions/{id}/{token}/callback) per interaction id. */
  readonly callbacks = new Map<string, number>();
  announcementChannelId = '';
  forumChannelId = '';
  threadId = '';
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Map<WebSocket, Connection>();
  private readonly sessions = new Map<string, Shard>();
  private readonly failures: Failure[] = [];
  private readonly nonces = new Map<string, StoredMessage>();
  private seq = 0;
  private port = 0;

  constructor() {
    this.server = createServer((req, res) => void this.onHttp(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (ws) => this.onSocket(ws));
    this.addChannel(0, 'nachrichten', (id) => {
      this.textChannelId = id;
    });
    this.addChannel(5, 'ankuendigungen', (id) => {
      this.announcementChannelId = id;
    });
    this.addChannel(15, 'forum', (id) => {
      this.forumChannelId = id;
    });
    this.addChannel(11, 'thread', (id) => {
      this.threadId = id;
    });
  }

  private addChannel(type: number, name: string, set: (id: string) => void): void {
    const id = snowflake();
    const ch: FakeChannel = { id, type, name };
    if (type === 11) ch.parent_id = this.textChannelId;
    this.channels.set(id, ch);
    set(id);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets.keys()) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Make the next matching request(s) fail. */
  fail(f: Failure): void {
    this.failures.push({ times: 1, ...f });
  }

  /** A new post (thread) in the forum channel, announced over the gateway; returns its id. */
  addForumPost(name = 'Beitrag'): string {
    const post: FakeChannel = { id: snowflake(), type: 11, name, parent_id: this.forumChannelId };
    this.channels.set(post.id, post);
    for (const ws of this.socketsOf(this.guildId))
      this.dispatch(ws, 'THREAD_CREATE', { ...channelPayload(this, post), newly_created: true });
    return post.id;
  }

  // ---------- permission changes (announced over the gateway as Discord does) ----------

  /** Replace a channel's permission overwrites; dispatches CHANNEL_UPDATE. */
  setOverwrites(channelId: string, overwrites: FakeOverwrite[]): void {
    const ch = this.channels.get(channelId);
    if (!ch) throw new Error(`fake discord: no channel ${channelId}`);
    ch.permission_overwrites = overwrites;
    for (const ws of this.socketsOf(this.guildId))
      this.dispatch(ws, 'CHANNEL_UPDATE', channelPayload(this, ch));
  }

  /** Change a role's permission bitfield; dispatches GUILD_ROLE_UPDATE. */
  setRolePermissions(roleId: string, permissions: string): void {
    const role = this.roles.find((r) => r.id === roleId);
    if (!role) throw new Error(`fake discord: no role ${roleId}`);
    role.permissions = permissions;
    for (const ws of this.socketsOf(this.guildId))
      this.dispatch(ws, 'GUILD_ROLE_UPDATE', { guild_id: this.guildId, role: rolePayload(role) });
  }

  /** Add a role to the guild (e.g. one to give the bot later); dispatches GUILD_ROLE_CREATE. */
  addRole(name: string, permissions: string): string {
    const role: FakeRole = { id: snowflake(), name, permissions, position: this.roles.length };
    this.roles.push(role);
    for (const ws of this.socketsOf(this.guildId))
      this.dispatch(ws, 'GUILD_ROLE_CREATE', { guild_id: this.guildId, role: rolePayload(role) });
    return role.id;
  }

  /** Set the bot member's roles; dispatches GUILD_MEMBER_UPDATE for the bot itself. */
  setBotRoles(roles: string[]): void {
    this.botRoles = [...roles];
    for (const ws of this.socketsOf(this.guildId))
      this.dispatch(ws, 'GUILD_MEMBER_UPDATE', { guild_id: this.guildId, ...botMemberPayload(this) });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Serve a file (e.g. an uploaded OPML attachment) and return its URL. */
  hostFile(name: string, content: string): string {
    this.files.set(name, content);
    return `${this.baseUrl}/attachments/${encodeURIComponent(name)}`;
  }

  messagesIn(channelId: string): StoredMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }

  /** Messages sent in DM channels to this user. */
  dmsTo(userId: string): StoredMessage[] {
    return this.messages.filter((m) => this.dmChannels.get(m.channelId) === userId);
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Close the gateway connection with a resumable code; discord.js reconnects and RESUMEs. */
  dropGateway(code = 4000): void {
    for (const ws of this.sockets.keys()) ws.close(code, 'test drop');
  }

  // ---------- shards ----------

  /** A new guild on `shard` (of `shardCount`) with one text channel; the bot is in it. */
  addGuild(shard: number): World & { textChannelId: string } {
    const g = extraGuild(this, shard, this.shardCount);
    this.extraGuilds.push(g);
    for (const ws of this.socketsOf(g.guildId)) this.dispatch(ws, 'GUILD_CREATE', guildPayload(g));
    return g;
  }

  /** The guild (main or extra) with this id. */
  guild(id: string): World | undefined {
    return id === this.guildId ? this : this.extraGuilds.find((g) => g.guildId === id);
  }

  /** The shards that have a live connection now (their ids, sorted; one entry per connection). */
  connectedShards(): number[] {
    return [...this.sockets.values()].flatMap((c) => (c.shard ? [c.shard[0]] : [])).sort((a, b) => a - b);
  }

  /** Live connections that run the shard of `guildId`. */
  private socketsOf(guildId: string): WebSocket[] {
    return [...this.sockets].flatMap(([ws, c]) =>
      c.shard && guildShard(guildId, c.shard[1]) === c.shard[0] ? [ws] : [],
    );
  }

  /** The channel with this id and the guild it is in. */
  private channelOf(id: string): { ch: FakeChannel; world: World } | undefined {
    const main = this.channels.get(id);
    if (main) return { ch: main, world: this };
    for (const g of this.extraGuilds) {
      const ch = g.channels.get(id);
      if (ch) return { ch, world: g };
    }
    return undefined;
  }

  // ---------- gateway ----------

  private send(ws: WebSocket, frame: Record<string, unknown>): void {
    ws.send(JSON.stringify({ s: null, t: null, ...frame }));
  }

  private dispatch(ws: WebSocket, t: string, d: unknown): void {
    this.seq += 1;
    this.send(ws, { op: 0, t, s: this.seq, d });
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.set(ws, {});
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (raw) => this.onFrame(ws, String(raw)));
    this.send(ws, { op: 10, d: { heartbeat_interval: 41250 } });
  }

  private onFrame(ws: WebSocket, raw: string): void {
    const frame = JSON.parse(raw) as { op: number; d: { shard?: Shard; session_id?: string } | null };
    this.gatewayEvents.push({ op: frame.op });
    if (frame.op === 1) this.send(ws, { op: 11 });
    else if (frame.op === 2) this.onIdentify(ws, frame.d?.shard ?? [0, 1]);
    else if (frame.op === 6) this.onResume(ws, frame.d?.session_id);
  }

  /** A shard may run on one connection at a time: a second IDENTIFY for it is recorded as a violation. */
  private onIdentify(ws: WebSocket, shard: Shard): void {
    this.identifies.push(shard);
    const [id, count] = shard;
    if (id < 0 || id >= count) this.violations.push(`IDENTIFY with shard [${id}, ${count}]`);
    for (const [other, c] of this.sockets)
      if (other !== ws && c.shard?.[0] === id) this.violations.push(`shard ${id} identified twice at once`);
    const sessionId = `session-${snowflake()}`;
    this.sockets.set(ws, { shard, sessionId });
    this.sessions.set(sessionId, shard);
    const guilds = [this, ...this.extraGuilds].filter((g) => guildShard(g.guildId, count) === id);
    this.dispatch(ws, 'READY', {
      v: 10,
      user: botUser(this),
      guilds: guilds.map((g) => ({ id: g.guildId, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      shard,
      application: { id: this.appId, flags: 0 },
    });
    for (const g of guilds) this.dispatch(ws, 'GUILD_CREATE', guildPayload(g));
  }

  private onResume(ws: WebSocket, sessionId: string | undefined): void {
    const shard = sessionId ? this.sessions.get(sessionId) : undefined;
    this.sockets.set(ws, { shard, sessionId });
    this.dispatch(ws, 'RESUMED', {});
  }

  /** Dispatch a slash-command INTERACTION_CREATE as a guild member would trigger it. */
  interact(o: InteractOptions): FakeInteraction {
    const id = snowflake();
    const token = `itoken-${id}`;
    const userId = o.userId ?? snowflake();
    const leaf = o.options ?? [];
    const options = o.subcommand ? [{ name: o.subcommand, type: OPTION_SUBCOMMAND, options: leaf }] : leaf;
    const world = (o.guildId && this.guild(o.guildId)) || this;
    const channelId = o.channelId ?? (world === this ? this.textChannelId : [...world.channels.keys()][0]!);
    const d = interactionPayload(world, o, { id, token, userId, options, channelId });
    for (const ws of this.socketsOf(world.guildId)) this.dispatch(ws, 'INTERACTION_CREATE', d);
    return { id, token, userId };
  }

  /** REST calls that answered one interaction (callback, edits, follow-ups), in order. */
  interactionCalls(i: FakeInteraction): RecordedCall[] {
    return this.calls.filter((c) => c.path.includes(i.token) && c.status < 400);
  }

  /** Poll until `check` returns a value (bounded: ~10 s). */
  async waitFor<T>(check: () => T | undefined | false, what = 'condition'): Promise<T> {
    for (let i = 0; i < 400; i += 1) {
      const v = check();
      if (v !== undefined && v !== false) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`fake discord: timed out waiting for ${what}`);
  }

  // ---------- REST ----------

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    let body: unknown;
    try {
      body = text && req.headers['content-type']?.includes('json') ? JSON.parse(text) : text || undefined;
    } catch {
      body = text;
    }
    const call: RecordedCall = {
      method,
      path,
      query: url.search,
      body,
      authorized: !!req.headers.authorization,
      status: 0,
      at: Date.now(),
    };
    this.calls.push(call);
    const reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    if (path.startsWith('/attachments/')) {
      const f = this.files.get(path.slice('/attachments/'.length));
      if (f === undefined) return reply(404, { message: 'Not Found', code: 0 });
      call.status = 200;
      res.end(f);
      return;
    }
    const injected = this.takeFailure(method, path);
    if (injected) return this.replyFailure(injected, reply);
    const route = path.replace(/^\/api\/v10/, '');
    this.route(method, route, body, reply);
  }

  private takeFailure(method: string, path: string): Failure | undefined {
    const i = this.failures.findIndex((f) => f.method === method && f.path.test(path));
    if (i < 0) return undefined;
    const f = this.failures[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.failures.splice(i, 1);
    return f;
  }

  private replyFailure(f: Failure, reply: Reply) {
    if (f.status === 429) {
      const after = f.retryAfter ?? 0.1;
      const headers: Record<string, string> = {
        'retry-after': String(after),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(after),
        'x-ratelimit-bucket': 'fakebucket',
        'x-ratelimit-scope': f.global ? 'global' : 'user',
      };
      if (f.global) headers['x-ratelimit-global'] = 'true';
      return reply(
        429,
        { message: 'You are being rate limited.', retry_after: after, global: !!f.global },
        headers,
      );
    }
    reply(f.status, { message: f.message ?? `HTTP ${f.status}`, code: f.code ?? 0 });
  }

  private routes(): [string, RegExp, RouteHandler][] {
    const gw = `ws://127.0.0.1:${this.port}/gateway`;
    return [
      [
        'GET',
        /^\/gateway\/bot$/,
        (_m, _b, r) =>
          r(200, {
            url: gw,
            shards: this.shardCount,
            session_start_limit: { ...SESSION_LIMIT, max_concurrency: this.maxConcurrency },
          }),
      ],
      ['GET', /^\/gateway$/, (_m, _b, r) => r(200, { url: gw })],
      ['GET', /^\/users\/@me$/, (_m, _b, r) => r(200, botUser(this))],
      [
        'GET',
        /^\/applications\/@me$/,
        (_m, _b, r) => r(200, { id: this.appId, name: 'News Digest', flags: 0, bot: botUser(this) }),
      ],
      [
        '*',
        /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/,
        (m, b, r, method) => this.onCommands(method, m[2] ?? 'global', b, r),
      ],
      ['POST', /^\/channels\/(\d+)\/messages$/, (m, b, r) => this.onCreateMessage(m[1]!, b, r)],
      ['POST', /^\/channels\/(\d+)\/threads$/, (m, b, r) => this.onForumPost(m[1]!, b, r)],
      ['GET', /^\/channels\/(\d+)$/, (m, _b, r) => this.onGetChannel(m[1]!, r)],
      ['GET', /^\/guilds\/(\d+)$/, (m, _b, r) => this.onGetGuild(m[1]!, r)],
      ['GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, (m, _b, r) => this.onGetMember(m[1]!, m[2]!, r)],
      ['POST', /^\/users\/@me\/channels$/, (_m, b, r) => this.onOpenDm(b, r)],
      ['POST', /^\/interactions\/(\d+)\/[^/]+\/callback$/, (m, b, r) => this.onCallback(m[1]!, b, r)],
      [
        '*',
        /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/,
        (m, b, r, method) => this.onWebhook(method, m[1]!, b, r),
      ],
    ];
  }

  private route(method: string, route: string, body: unknown, reply: Reply) {
    const b = (body ?? {}) as Record<string, unknown>;
    for (const [want, re, handler] of this.routes()) {
      const m = re.exec(route);
      if (m && (want === '*' || want === method)) return handler(m, b, reply, method);
    }
    reply(404, { message: '404: Not Found', code: 0 });
  }

  private onGetChannel(id: string, reply: Reply) {
    const found = this.channelOf(id);
    if (found) reply(200, channelPayload(found.world, found.ch));
    else reply(404, { message: 'Unknown Channel', code: 10003 });
  }

  private onGetGuild(id: string, reply: Reply) {
    const g = this.guild(id);
    if (g) reply(200, restGuildPayload(g));
    else reply(404, { message: 'Unknown Guild', code: 10004 });
  }

  private onGetMember(guildId: string, userId: string, reply: Reply) {
    if (guildId === this.guildId && userId === this.botId) reply(200, botMemberPayload(this));
    else reply(404, { message: 'Unknown Member', code: 10007 });
  }

  /** One DM channel per recipient, as Discord returns the existing one when it is opened again. */
  private onOpenDm(b: Record<string, unknown>, reply: Reply) {
    const to = typeof b.recipient_id === 'string' ? b.recipient_id : '';
    if (!/^\d+$/.test(to)) return reply(400, invalidForm(['recipient_id: must be a snowflake']));
    const id = [...this.dmChannels].find(([, user]) => user === to)?.[0] ?? snowflake();
    this.dmChannels.set(id, to);
    reply(200, dmChannelPayload(id, to));
  }

  private onCallback(interactionId: string, b: Record<string, unknown>, reply: Reply) {
    this.callbacks.set(interactionId, (this.callbacks.get(interactionId) ?? 0) + 1);
    const data = (b.data ?? {}) as Record<string, unknown>;
    const problems =
      b.type === 4 ? validateMessageBody(data) : b.type === 8 ? validateAutocompleteChoices(data) : [];
    if (problems.length > 0) reply(400, invalidForm(problems));
    else reply(204);
  }

  private onCommands(method: string, scope: string, b: unknown, reply: Reply) {
    if (method === 'GET') return reply(200, this.commands.get(scope) ?? []);
    if (method !== 'PUT' || !Array.isArray(b)) return reply(405, { message: 'Method Not Allowed', code: 0 });
    const stored = b.map((c: Record<string, unknown>) => ({
      type: 1,
      options: [],
      default_member_permissions: null,
      nsfw: false,
      ...c,
      id: snowflake(),
      application_id: this.appId,
      version: snowflake(),
      ...(scope === 'global' ? {} : { guild_id: scope }),
    }));
    this.commands.set(scope, stored);
    reply(200, stored);
  }

  private store(channelId: string, b: Record<string, unknown>): StoredMessage {
    const key = b.enforce_nonce && b.nonce ? `${channelId}:${String(b.nonce)}` : undefined;
    const seen = key ? this.nonces.get(key) : undefined;
    if (seen) return seen;
    const msg: StoredMessage = { id: snowflake(), channelId, body: b };
    this.messages.push(msg);
    if (key) this.nonces.set(key, msg);
    return msg;
  }

  private onCreateMessage(channelId: string, b: Record<string, unknown>, reply: Reply) {
    const found = this.channelOf(channelId);
    const ch = found?.ch;
    if (!ch && !this.dmChannels.has(channelId))
      return reply(404, { message: 'Unknown Channel', code: 10003 });
    if (ch?.type === 15)
      return reply(400, { message: 'Cannot send messages in a forum channel', code: 50008 });
    const problems = validateMessageBody(b);
    if (problems.length > 0) return reply(400, invalidForm(problems));
    const msg = this.store(channelId, b);
    reply(200, messageObject(found?.world ?? this, msg.id, channelId, b));
  }

  private onForumPost(forumId: string, b: Record<string, unknown>, reply: Reply) {
    const forum = this.channels.get(forumId);
    if (!forum) return reply(404, { message: 'Unknown Channel', code: 10003 });
    const message = (b.message ?? {}) as Record<string, unknown>;
    const name = typeof b.name === 'string' ? b.name : '';
    const problems = validateMessageBody(message);
    if (name.length < 1 || name.length > 100) problems.push('name: must be 1-100 characters');
    if (forum.type !== 15 || problems.length > 0) return reply(400, invalidForm(problems));
    const thread: FakeChannel = { id: snowflake(), type: 11, name, parent_id: forumId };
    this.channels.set(thread.id, thread);
    const msg = this.store(thread.id, message);
    reply(201, { ...channelPayload(this, thread), message: messageObject(this, msg.id, thread.id, message) });
  }

  private onWebhook(method: string, token: string, b: Record<string, unknown>, reply: Reply) {
    if (method === 'DELETE') return reply(204);
    const problems = validateMessageBody(b);
    if (problems.length > 0) return reply(400, invalidForm(problems));
    reply(200, messageObject(this, snowflake(), this.textChannelId, { ...b, webhook_token: token }));
  }
}

type Reply = (status: number, json?: unknown, headers?: Record<string, string>) => void;
type RouteHandler = (m: RegExpExecArray, b: Record<string, unknown>, reply: Reply, method: string) => void;
const SESSION_LIMIT = { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 };

export async function startDiscordFake(): Promise<DiscordFake> {
  return new DiscordFake().start();
}

/**
 * Discord's rules for an autocomplete answer (callback type 8): at most 25 choices, each with a name of
 * 1–100 characters and a string value of at most 100 characters or a number.
 */
export function validateAutocompleteChoices(data: Record<string, unknown>): string[] {
  const choices = data.choices;
  if (!Array.isArray(choices)) return ['choices: must be an array'];
  const problems: string[] = [];
  if (choices.length > 25) problems.push('choices: must be 25 or fewer in length');
  choices.forEach((c: Record<string, unknown>, n) => {
    const name = typeof c?.name === 'string' ? c.name : '';
    if (name.length < 1 || name.length > 100) problems.push(`choices.${n}.name: must be 1-100 characters`);
    const v = c?.value;
    if (!(typeof v === 'number' || (typeof v === 'string' && v.length <= 100)))
      problems.push(`choices.${n}.value: must be a number or a string of at most 100 characters`);
  });
  return problems;
}
