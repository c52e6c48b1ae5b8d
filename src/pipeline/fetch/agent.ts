/**
 * The undici Agent of the fetcher. Every connection is checked on the address actually connected:
 * IP-literal hosts before connecting (Node skips `lookup` for them), names in the `lookup` hook
 * (DNS-rebinding safe: the answer that is checked is the one used), and `socket.remoteAddress` once more.
 */
import { promises as dns } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { AppError } from '../../domain/errors.js';
import { AllowList, addressAllowed, normalizeHost } from './address.js';
import type { LookupAddress, LookupFn } from './types.js';

export const systemLookup: LookupFn = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

type LookupCallback = (err: Error | null, address?: string | LookupAddress[], family?: number) => void;

export function blockedAddress(host: string): AppError {
  return new AppError('fetch.blocked_address', `destination ${host} is not a public address`, { host });
}

/** A `net.connect` lookup hook that refuses names resolving to a non-public address. */
export function guardedLookup(resolve: LookupFn, allow: AllowList) {
  return (hostname: string, options: { all?: boolean }, cb: LookupCallback): void => {
    resolve(hostname).then(
      (addrs) => {
        if (addrs.length === 0)
          return cb(new AppError('fetch.dns', `no address for ${hostname}`, { host: hostname }));
        // only checked addresses are handed to the socket; a name with none left is refused
        const usable = addrs.filter((a) => addressAllowed(hostname, a.address, allow));
        const first = usable[0];
        if (!first) return cb(blockedAddress(hostname));
        if (options.all) cb(null, usable);
        else cb(null, first.address, first.family);
      },
      (e: unknown) => {
        const detail = e instanceof Error ? e.message : String(e);
        cb(new AppError('fetch.dns', `cannot resolve ${hostname}: ${detail}`, { host: hostname }));
      },
    );
  };
}

/** True when a connection to `hostname` must be refused before it is opened (IP literal, not allowed). */
export function literalBlocked(hostname: string, allow: AllowList): boolean {
  const host = normalizeHost(hostname);
  return isIP(host) !== 0 && !addressAllowed(host, host, allow);
}

export interface AgentOptions {
  allowPrivateHosts: string[];
  connectTimeoutMs: number;
  timeoutMs: number;
  lookup?: LookupFn;
}

export function createGuardedAgent(o: AgentOptions): Agent {
  const allow = new AllowList(o.allowPrivateHosts);
  const base = buildConnector({
    timeout: o.connectTimeoutMs,
    lookup: guardedLookup(o.lookup ?? systemLookup, allow),
  } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (opts, cb) => {
    if (literalBlocked(opts.hostname, allow)) return cb(blockedAddress(opts.hostname), null);
    base(opts, (...args) => {
      const [error, socket] = args;
      if (error || !socket) return cb(error ?? new AppError('fetch.network', 'no socket'), null);
      const remote = (socket as Socket).remoteAddress;
      if (!remote || !addressAllowed(opts.hostname, remote, allow)) {
        socket.destroy();
        return cb(blockedAddress(opts.hostname), null);
      }
      cb(null, socket);
    });
  };
  return new Agent({
    connect,
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    keepAliveTimeout: 10_000,
    connections: 64,
  });
}
