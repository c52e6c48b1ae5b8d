/** Discord's message and embed limits (developer docs, resources/message). */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Sum over all embeds of one message. */
  embedTotal: 6000,
  /** Discord nonces are at most 25 characters. */
  nonce: 25,
} as const;

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

/** The subset of Discord's embed object the renderer produces (plain JSON, no library types). */
export interface Embed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: EmbedField[];
  footer?: { text: string };
  timestamp?: string;
  thumbnail?: { url: string };
  author?: { name: string };
}

/** A message body as sent to POST /channels/{id}/messages or an interaction reply. */
export interface DiscordPayload {
  content?: string;
  embeds?: Embed[];
  allowed_mentions: { parse: [] };
  flags?: number;
}

/** Characters of an embed that count towards the 6000 total. */
export function embedLength(e: Embed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0);
  n += (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}
