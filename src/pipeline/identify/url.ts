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
