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

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('accepts the public address %s', (address) => {
    expect(refusedAddress(address)).toBeNull();
  });
});
