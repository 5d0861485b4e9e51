import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { refusedAddress } from './refusedAddress';

/** One address of a host, as `dns.lookup(host, { all: true })` gives them. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses; injectable so tests can make a name point anywhere. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (`getaddrinfo`, as every Node client uses). */
export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));

/** Where a delivery connects: the checked address, and the name for `Host` and TLS. */
export interface CheckedTarget {
  url: URL;
  hostname: string;
  address: string;
  family: 4 | 6;
}

/** A webhook target we will not send to; its message says why. */
export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

export interface TargetPolicy {
  resolveHost: HostResolver;
  /** Host names (lower-case, as in the URL) exempt from the address check: `WEBHOOK_ALLOWED_HOSTS`. */
  allowedHosts: ReadonlySet<string>;
}

/**
 * Resolves the URL's host and checks every address it resolves to; throws TargetRefusedError when the URL is
 * not http(s), carries credentials, or any address is loopback, private, link-local, CGNAT, metadata and the
 * like (unless the host is allowed). The caller must connect to the returned address, not resolve again, so
 * that a second answer of the DNS cannot swap in a refused address.
 */
export async function resolveTarget(rawUrl: string, policy: TargetPolicy): Promise<CheckedTarget> {
  const url = checkedUrl(rawUrl);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  try {
    addresses = literal ? [{ address: hostname, family: literal === 6 ? 6 : 4 }] : await policy.resolveHost(hostname);
  } catch (error) {
    throw new TargetRefusedError(`${hostname} does not resolve: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (addresses.length === 0) throw new TargetRefusedError(`${hostname} does not resolve to any address`);
  if (!policy.allowedHosts.has(hostname)) {
    for (const { address } of addresses) {
      const reason = refusedAddress(address);
      if (reason !== null) {
        throw new TargetRefusedError(
          `${hostname} resolves to ${address} (${reason}); webhooks may only reach public addresses unless WEBHOOK_ALLOWED_HOSTS names the host`,
        );
      }
    }
  }
  const first = addresses[0] as ResolvedAddress;
  return { url, hostname, address: first.address, family: first.family };
}

/** The URL if it is an http(s) URL without credentials; throws TargetRefusedError otherwise. */
export function checkedUrl(rawUrl: string): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new TargetRefusedError(`expected an absolute http(s) URL, got ${JSON.stringify(rawUrl.slice(0, 200))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefusedError(`expected an http or https URL, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new TargetRefusedError('expected a URL without credentials (user:password@)');
  if (rawUrl.length > 2048) throw new TargetRefusedError(`expected a URL of at most 2048 characters, got ${rawUrl.length}`);
  return url;
}
