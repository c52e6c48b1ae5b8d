/** URL normalization for identity: tracking parameters, fragments, host case and default ports removed. */

const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wt_mc',
  'wt.mc_id',
  'at_medium',
  'at_campaign',
  'at_custom1',
  'at_custom2',
  'at_custom3',
  'at_custom4',
  'ns_mchannel',
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  'ocid',
  'cmpid',
  'xtor',
]);

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_PARAMS.has(n);
}

/**
 * Canonical form of an article URL. Returns undefined for anything that is not an absolute http(s) URL.
 * Host lower-case (URL does it), default port, fragment and tracking parameters dropped; other parameters keep their order.
 */
export function normalizeUrl(raw: string | undefined, base?: string): string | undefined {
  if (!raw) return undefined;
  if (isPlainCanonical(raw)) return raw;
  let u: URL;
  try {
    u = base ? new URL(raw.trim(), base) : new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  u.username = '';
  u.password = '';
  const keep = [...u.searchParams].filter(([k]) => !isTracking(k));
  u.search = '';
  for (const [k, v] of keep) u.searchParams.append(k, v);
  if (u.hostname.endsWith('.')) u.hostname = u.hostname.slice(0, -1);
  return u.toString();
}

/**
 * `http(s)://host/path` already in canonical form: lower-case ASCII host whose last label starts with a letter
 * (not an IP, no punycode to validate), no port, userinfo, query or fragment, and a path of unreserved characters
 * with no dot segments. For such a URL, `new URL(raw).toString()` gives `raw` back unchanged, so most article
 * links skip the URL parser (about 10× cheaper). test/unit/identify checks the fast path against the parser.
 */
const PLAIN = /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*\/[A-Za-z0-9\-._~/]*$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

export function isPlainCanonical(raw: string): boolean {
  if (raw.length > 2048 || !PLAIN.test(raw)) return false;
  const hostStart = raw.indexOf('//') + 2;
  const pathStart = raw.indexOf('/', hostStart);
  return !raw.slice(hostStart, pathStart).includes('xn--') && !DOT_SEGMENT.test(raw.slice(pathStart));
}
