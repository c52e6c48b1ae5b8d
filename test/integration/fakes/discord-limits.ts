/**
 * The fake's own check of a message body against Discord's documented limits (independent of the
 * adapter's code, so a limit bug in the renderer surfaces as the real 400/50035 answer).
 */
interface EmbedLike {
  title?: string;
  description?: string;
  url?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}

const len = (s: unknown): number => (typeof s === 'string' ? s.length : 0);

function checkEmbed(e: EmbedLike, i: number, problems: string[]): number {
  if (len(e.title) > 256) problems.push(`embeds.${i}.title: longer than 256`);
  if (len(e.description) > 4096) problems.push(`embeds.${i}.description: longer than 4096`);
  if (len(e.footer?.text) > 2048) problems.push(`embeds.${i}.footer.text: longer than 2048`);
  if (len(e.author?.name) > 256) problems.push(`embeds.${i}.author.name: longer than 256`);
  const fields = e.fields ?? [];
  if (fields.length > 25) problems.push(`embeds.${i}.fields: more than 25`);
  let total = len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  fields.forEach((f, j) => {
    if (len(f.name) < 1 || len(f.name) > 256) problems.push(`embeds.${i}.fields.${j}.name: 1-256`);
    if (len(f.value) < 1 || len(f.value) > 1024) problems.push(`embeds.${i}.fields.${j}.value: 1-1024`);
    total += len(f.name) + len(f.value);
  });
  return total;
}

/** Problems of a create-message / reply body; empty when Discord would accept it. */
export function validateMessageBody(b: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (len(b.content) > 2000) problems.push('content: Must be 2000 or fewer in length.');
  const embeds = Array.isArray(b.embeds) ? (b.embeds as EmbedLike[]) : [];
  if (embeds.length > 10) problems.push('embeds: Must be 10 or fewer in length.');
  const total = embeds.reduce((sum, e, i) => sum + checkEmbed(e, i, problems), 0);
  if (total > 6000) problems.push('embeds: Embed size exceeds maximum size of 6000');
  if (b.nonce !== undefined && len(String(b.nonce)) > 25) problems.push('nonce: longer than 25');
  return problems;
}

/** True when the body suppresses every mention type (allowed_mentions.parse is an empty list). */
export function mentionsSuppressed(b: Record<string, unknown>): boolean {
  const am = b.allowed_mentions as { parse?: unknown[]; users?: unknown[]; roles?: unknown[] } | undefined;
  return !!am && Array.isArray(am.parse) && am.parse.length === 0 && !am.users?.length && !am.roles?.length;
}
