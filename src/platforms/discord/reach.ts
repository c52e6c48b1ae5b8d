/**
 * How the publisher and the admin notices reach Discord: a REST client plus what the gateway caches already know
 * about channels and guilds. In one process it is the Client's own REST and caches; in cluster mode a standalone
 * REST client (so an instance that holds no gateway shard still posts) and the caches of the shard Clients this
 * instance runs, if any. What no cache knows is asked over REST; channel types are remembered (a channel never
 * becomes or stops being a forum).
 */
import { type Client, type REST, Routes } from 'discord.js';

export interface KnownChannel {
  type: number;
  guildId?: string;
  name?: string;
}

export interface KnownGuild {
  ownerId?: string;
  name?: string;
}

export interface DiscordReach {
  rest: REST;
  /** A channel from a gateway cache; undefined when no cache has it. */
  cachedChannel(id: string): KnownChannel | undefined;
  /** A guild from a gateway cache; undefined when no cache has it. */
  cachedGuild(id: string): KnownGuild | undefined;
  /** The channel's type: a cache, the remembered types, or GET /channels/{id}. */
  channelType(id: string): Promise<number | undefined>;
}

const REMEMBER_TYPES = 10_000;

/** A reach over `rest` and the caches of the Clients `clients()` returns at the time of each look-up. */
export function createReach(rest: REST, clients: () => Iterable<Client>): DiscordReach {
  const types = new Map<string, number>();
  const cachedChannel = (id: string): KnownChannel | undefined => {
    for (const c of clients()) {
      const ch = c.channels.cache.get(id);
      if (!ch) continue;
      const guildId = 'guildId' in ch && ch.guildId ? ch.guildId : undefined;
      const name = 'name' in ch && typeof ch.name === 'string' ? ch.name : undefined;
      return { type: ch.type, guildId, name };
    }
    return undefined;
  };
  return {
    rest,
    cachedChannel,
    cachedGuild(id) {
      for (const c of clients()) {
        const g = c.guilds.cache.get(id);
        if (g) return { ownerId: g.ownerId, name: g.name };
      }
      return undefined;
    },
    async channelType(id) {
      const known = cachedChannel(id)?.type ?? types.get(id);
      if (known !== undefined) return known;
      const ch = (await rest.get(Routes.channel(id))) as { type?: number };
      if (typeof ch.type !== 'number') return undefined;
      if (types.size >= REMEMBER_TYPES) types.delete(types.keys().next().value as string);
      types.set(id, ch.type);
      return ch.type;
    },
  };
}

/** The reach of one Client: its REST and its caches. */
export function clientReach(client: Client): DiscordReach {
  return createReach(client.rest, () => [client]);
}
