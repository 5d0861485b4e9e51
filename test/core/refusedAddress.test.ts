import { refusedAddress } from '../../src/core/refusedAddress';

describe('refusedAddress()', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['168.63.129.16', 'cloud metadata (Azure)'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'unique local (private)'],
    ['::ffff:127.0.0.1', 'loopback, as IPv4 in IPv6'],
    ['::ffff:7f00:1', 'loopback, as IPv4 in IPv6'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata), as IPv4 in IPv6'],
    ['64:ff9b::a00:1', 'private, as IPv4 in IPv6'],
    ['2002:c0a8:1::1', 'private, as IPv4 in IPv6'],
    ['localhost', 'not an IP address'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(refusedAddress(address)).toBe(reason);
  });

  // Every IPv6 spelling of an IPv4 address, in hex groups and dotted, as URL parsers hand them over.
  describe('IPv6 forms carrying an IPv4 address', () => {
    it.each([
      ['IPv4-translated', '::ffff:0:127.0.0.1', 'loopback'],
      ['IPv4-translated (as the URL parser writes it)', '::ffff:0:7f00:1', 'loopback'],
      ['IPv4-translated', '::ffff:0:169.254.169.254', 'link-local (cloud metadata)'],
      ['IPv4-translated', '0:0:0:0:ffff:0:a00:7', 'private'],
      ['IPv4-mapped', '::ffff:10.0.0.7', 'private'],
      ['IPv4-mapped, written out', '0:0:0:0:0:ffff:c0a8:0101', 'private'],
      ['IPv4-compatible', '::127.0.0.1', 'loopback'],
      ['IPv4-compatible', '::7f00:1', 'loopback'],
      ['IPv4-compatible', '::a9fe:a9fe', 'link-local (cloud metadata)'],
      ['NAT64', '64:ff9b::127.0.0.1', 'loopback'],
      ['NAT64', '64:ff9b::a9fe:a9fe', 'link-local (cloud metadata)'],
      ['NAT64', '64:ff9b::100.64.0.1', 'carrier-grade NAT'],
      ['6to4', '2002:7f00:1::', 'loopback'],
    ])('refuses the %s form %s like its IPv4 address (%s)', (_form, address, reason) => {
      expect(refusedAddress(address)).toBe(`${reason}, as IPv4 in IPv6`);
    });

    it.each([
      ['IPv4-compatible, of a public address (deprecated, never a destination)', '::8.8.8.8', 'IPv4-compatible (deprecated)'],
      ['NAT64 local-use prefix', '64:ff9b:1::a00:1', 'NAT64 local-use'],
      ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (tunnels to IPv4)'],
    ])('refuses the %s %s outright', (_form, address, reason) => {
      expect(refusedAddress(address)).toBe(reason);
    });
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '::ffff:0:93.184.216.34', '64:ff9b::8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(refusedAddress(address)).toBeNull();
    },
  );
});
