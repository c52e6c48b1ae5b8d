/** Public types of the guarded fetcher (re-exported by ./index.ts). */

export interface LookupAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses; injectable so tests can simulate DNS (rebinding). */
export type LookupFn = (hostname: string) => Promise<LookupAddress[]>;

export interface FetcherOptions {
  /** Hosts, IP addresses or CIDRs that may be reached although they are not public. */
  allowPrivateHosts: string[];
  /** Ports allowed besides 80 and 443. */
  allowPorts: number[];
  userAgent: string;
  /** Overall timeout: connect, headers and body. */
  timeoutMs: number;
  connectTimeoutMs: number;
  maxFeedBytes: number;
  maxPageBytes: number;
  maxRedirects: number;
  lookup?: LookupFn;
}

export interface FetchRequest {
  kind: 'feed' | 'page';
  etag?: string;
  lastModified?: string;
  previousBodyHash?: string;
}

export interface FetchResult {
  status: number;
  /** 304, or 200 with the same body hash as `previousBodyHash`. */
  notModified: boolean;
  /** Decompressed body; empty on 304. */
  body: Buffer;
  contentType?: string;
  finalUrl: string;
  etag?: string;
  lastModified?: string;
  /** sha256 hex of the decompressed body (on 304: the previous hash, or ''). */
  bodyHash: string;
  /** Epoch ms from Cache-Control max-age / Expires, bounded to 1 min .. 24 h. */
  freshUntil?: number;
}

export interface Fetcher {
  fetch(url: string, req: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}
