import { BlockList, isIPv4, isIPv6 } from 'node:net';

// Private: IPv4 ranges a webhook may not reach, with the name shown in refusals.
const V4_RANGES: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
  ['168.63.129.16', 32, 'cloud metadata (Azure)'],
];

// Private: IPv6 ranges refused outright (an IPv4-compatible address whose IPv4 is public included); the ones
// embedding an IPv4 address are first judged by that address (see `embeddedIPv4`).
const V6_RANGES: ReadonlyArray<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::', 48, 'NAT64 local-use'],
  ['100::', 64, 'discard'],
  ['2001::', 32, 'Teredo (tunnels to IPv4)'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const V4 = blockList(V4_RANGES, 'ipv4');
const V6 = blockList(V6_RANGES, 'ipv6');

/**
 * Why a webhook may not be sent to `address` (e.g. `loopback`, `private`), or null when it may. IPv6 forms
 * that carry an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`,
 * IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:AABB:CCDD::`) are refused like that IPv4
 * address, whatever the spelling (hex groups or dotted); IPv4-compatible ones are refused even when it is
 * public (deprecated, never a real destination). Anything that is not an IP address is refused.
 */
export function refusedAddress(address: string): string | null {
  if (isIPv4(address)) return rangeOf(V4_RANGES, V4, address, 'ipv4');
  if (!isIPv6(address)) return 'not an IP address';
  const unspecifiedOrLoopback = address === '::' || address === '::1' ? rangeOf(V6_RANGES, V6, address, 'ipv6') : null;
  if (unspecifiedOrLoopback !== null) return unspecifiedOrLoopback;
  const embedded = embeddedIPv4(address);
  if (embedded !== null) {
    const reason = refusedAddress(embedded);
    if (reason !== null) return `${reason}, as IPv4 in IPv6`;
  }
  return rangeOf(V6_RANGES, V6, address, 'ipv6');
}

// Private: the IPv4 address inside an IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64 (well-known
// prefix) or 6to4 IPv6 address, else null.
function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address);
  if (groups === null) return null;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  const last32 = () => v4(groups[6] as number, groups[7] as number);
  if (zeros(0, 5) && groups[5] === 0xffff) return last32(); // IPv4-mapped ::ffff:0:0/96
  if (zeros(0, 4) && groups[4] === 0xffff && groups[5] === 0) return last32(); // IPv4-translated ::ffff:0:0:0/96
  if (zeros(0, 6)) return last32(); // IPv4-compatible ::/96
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return last32(); // NAT64 64:ff9b::/96
  if (groups[0] === 0x2002) return v4(groups[1] as number, groups[2] as number); // 6to4 2002::/16
  return null;
}

// Private: the eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part included), null if malformed.
function expandIPv6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...new Array<number>(Math.max(missing, 0)).fill(0), ...right];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

function blockList(ranges: ReadonlyArray<[string, number, string]>, family: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
  return list;
}

function rangeOf(ranges: ReadonlyArray<[string, number, string]>, all: BlockList, address: string, family: 'ipv4' | 'ipv6'): string | null {
  if (!all.check(address, family)) return null;
  for (const [network, prefix, reason] of ranges) {
    const one = new BlockList();
    one.addSubnet(network, prefix, family);
    if (one.check(address, family)) return reason;
  }
  return 'refused range';
}
