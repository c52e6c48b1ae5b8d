/** The bot's invite link: the permissions it needs to post digests, and the two OAuth2 scopes. */
import { PermissionFlagsBits as P } from 'discord.js';

/** View Channels, Send Messages, Send Messages in Threads, Create Public Threads, Embed Links, Read Message History. */
export const BOT_PERMISSIONS: bigint =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.EmbedLinks |
  P.ReadMessageHistory;

export function inviteUrl(applicationId: string): string {
  const q = new URLSearchParams({
    client_id: applicationId,
    permissions: BOT_PERMISSIONS.toString(),
    scope: 'bot applications.commands',
  });
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}
