/**
 * Address policy of the fetcher: which destinations count as public unicast, and which private ones the
 * operator opened with ALLOW_PRIVATE_HOSTS (host names, IP addresses or CIDRs).
 */
import { BlockList, isIP } from 'node:net';

const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const BLOCKED_V6: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4 embeds an IPv4 address
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const blocked = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, 'ipv6');

/** Strip IPv6 brackets and a trailing dot, lower-case. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/** `::ffff:a.b.c.d` / `::ffff:7f00:1` → the embedded IPv4 address; anything else unchanged. */
export function unwrapMapped(ip: string): string {
  const lower = ip.toLowerCase();
  if (isIP(lower) !== 6) return ip;
  const m = /^(?:::|(?:0{1,4}:){5})ffff:(.+)$/.exec(lower);
  const rest = m?.[1];
  if (!rest) return ip;
  if (isIP(rest) === 4) return rest;
  const parts = rest.split(':');
  if (parts.length !== 2) return ip;
  const hi = Number.parseInt(parts[0] ?? '', 16);
  const lo = Number.parseInt(parts[1] ?? '', 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** True when the address is public unicast (not loopback, private, link-local, multicast, reserved ...). */
export function isPublicAddress(ip: string): boolean {
  const addr = unwrapMapped(normalizeHost(ip));
  const family = isIP(addr);
  if (family === 4) return !blocked.check(addr, 'ipv4');
  if (family === 6) return !blocked.check(addr, 'ipv6');
  return false;
}

/** The operator's allow list: host names (exact, case-insensitive) and IP addresses / CIDRs. */
export class AllowList {
  private readonly hosts = new Set<string>();
  private readonly nets = new BlockList();
  private empty = true;

  constructor(entries: readonly string[]) {
    for (const raw of entries) this.add(raw);
  }

  private add(raw: string): void {
    const entry = raw.trim();
    if (entry === '') return;
    this.empty = false;
    const [base = '', prefixText] = entry.split('/');
    const addr = unwrapMapped(normalizeHost(base));
    const family = isIP(addr);
    if (family === 0) {
      this.hosts.add(normalizeHost(entry));
      return;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`invalid CIDR: ${entry}`);
    this.nets.addSubnet(addr, prefix, type);
  }

  allowsHost(host: string): boolean {
    return !this.empty && this.hosts.has(normalizeHost(host));
  }

  allowsAddress(ip: string): boolean {
    if (this.empty) return false;
    const addr = unwrapMapped(normalizeHost(ip));
    const family = isIP(addr);
    if (family === 0) return false;
    return this.nets.check(addr, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** May the fetcher connect to `ip`, reached through the name `host`? */
export function addressAllowed(host: string, ip: string, allow: AllowList): boolean {
  return allow.allowsHost(host) || allow.allowsAddress(ip) || isPublicAddress(ip);
}
