/** Checks a URL before any connection: scheme, port and IP-literal host. */
import { AppError } from '../../domain/errors.js';
import type { AllowList } from './address.js';
import { blockedAddress, literalBlocked } from './agent.js';

const DEFAULT_PORTS = [80, 443];

export function checkUrl(raw: string, allow: AllowList, allowPorts: readonly number[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('input.invalid_url', `not a URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('fetch.blocked_scheme', `scheme ${url.protocol} is not allowed`, {
      scheme: url.protocol.replace(/:$/, ''),
    });
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (!DEFAULT_PORTS.includes(port) && !allowPorts.includes(port)) {
    throw new AppError('fetch.blocked_port', `port ${port} is not allowed`, { port });
  }
  if (url.hostname === '') throw new AppError('input.invalid_url', 'URL without host');
  if (literalBlocked(url.hostname, allow)) throw blockedAddress(url.hostname);
  return url;
}
