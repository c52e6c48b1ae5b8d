/**
 * opml import <file> (admins): each feed outline is validated like `feeds add` (fetched and parsed once through the
 * guarded fetcher) and linked to this chat, up to MAX_FEEDS_PER_CHAT; the answer reports added, skipped and failed.
 */
import pLimit from 'p-limit';
import { toErrorInfo } from '../../domain/errors.js';
import type { CommandResponse } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { getFeedByUrl } from '../../store/feeds-repo.js';
import { listChatFeedIds } from '../../store/chat-feeds-repo.js';
import { chatOf, type Ctx, fail, replyLines } from '../context.js';
import { addFeedToChat, feedUrl } from '../feed-intake.js';
import { type OpmlOutline, parseOpml } from '../opml.js';

/** Feeds checked at the same time. */
export const IMPORT_CONCURRENCY = 4;
/** Failure lines listed in the answer (the rest are counted). */
export const MAX_FAILURE_LINES = 15;

interface Failure {
  url: string;
  code: ReturnType<typeof toErrorInfo>['code'];
  params: Record<string, string | number>;
}

/** Outlines split into those this chat has already (same stored URL) and the rest, one per stored URL form. */
async function sortOutlines(
  ctx: Ctx,
  outlines: OpmlOutline[],
): Promise<{ present: number; fresh: OpmlOutline[]; invalid: Failure[] }> {
  const { platform, chatId } = chatOf(ctx);
  const linked = new Set(await listChatFeedIds(ctx.db, platform, chatId));
  const seen = new Set<string>();
  const fresh: OpmlOutline[] = [];
  const invalid: Failure[] = [];
  let present = 0;
  for (const o of outlines) {
    let url: string;
    try {
      url = feedUrl(o.url);
    } catch (e) {
      const info = toErrorInfo(e);
      invalid.push({ url: o.url, code: info.code, params: info.params ?? {} });
      continue;
    }
    if (seen.has(url)) continue;
    seen.add(url);
    const f = await getFeedByUrl(ctx.db, url);
    if (f && linked.has(f.id)) present++;
    else fresh.push(o);
  }
  return { present, fresh, invalid };
}

/** Add `outlines` (at most IMPORT_CONCURRENCY at a time); failures collected with their codes. */
async function addAll(ctx: Ctx, outlines: OpmlOutline[], failures: Failure[]): Promise<number> {
  let added = 0;
  const limit = pLimit(IMPORT_CONCURRENCY);
  await Promise.all(
    outlines.map((o) =>
      limit(async () => {
        try {
          await addFeedToChat(ctx, o.url, { name: o.title, language: o.language, tags: o.tags });
          added++;
        } catch (e) {
          const info = toErrorInfo(e);
          if (info.code === 'internal') ctx.deps.log.error({ err: e, url: o.url }, 'opml import failed');
          failures.push({ url: o.url, code: info.code, params: info.params ?? {} });
        }
      }),
    ),
  );
  return added;
}

function failureLines(ctx: Ctx, failures: Failure[]): string[] {
  const lines = failures
    .slice(0, MAX_FAILURE_LINES)
    .map((f) =>
      t(ctx.lang, 'cmd.opml_import.failed_line', { url: f.url, error: t(ctx.lang, f.code, f.params) }),
    );
  if (failures.length > MAX_FAILURE_LINES)
    lines.push(t(ctx.lang, 'cmd.opml_import.more', { count: failures.length - MAX_FAILURE_LINES }));
  return lines;
}

export async function opmlImportHandler(ctx: Ctx): Promise<CommandResponse> {
  const parsed = parseOpml(ctx.req.attachment?.content ?? '');
  if (!parsed.ok) return fail(ctx.privateLang, parsed.error.code, parsed.error.params ?? {});
  const { present, fresh, invalid } = await sortOutlines(ctx, parsed.value);
  const { platform, chatId } = chatOf(ctx);
  const cap = ctx.deps.config.MAX_FEEDS_PER_CHAT;
  const room = Math.max(0, cap - (await listChatFeedIds(ctx.db, platform, chatId)).length);
  const failures: Failure[] = [
    ...invalid,
    ...fresh
      .slice(room)
      .map((o) => ({ url: o.url, code: 'command.limit_reached' as const, params: { limit: cap } })),
  ];
  const added = await addAll(ctx, fresh.slice(0, room), failures);
  const order = new Map(parsed.value.map((o, i) => [o.url, i]));
  failures.sort((a, b) => (order.get(a.url) ?? 0) - (order.get(b.url) ?? 0));
  return replyLines(
    ctx,
    'cmd.opml_import.done',
    { added, skipped: present, failed: failures.length },
    failureLines(ctx, failures),
  );
}
