// Which addresses a fetch of a public feed may connect to, and which configured hosts count
// as private on purpose. The fetch tests cover the guard end to end on 127.0.0.1.
import { describe, expect, test } from 'vitest';
import { isNonPublicAddress, isPrivateHost } from '../../src/feeds/fetch/address-policy.js';

describe('isNonPublicAddress', () => {
  test.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback /8'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12 (start)'],
    ['172.31.255.254', 'private 172.16/12 (end)'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'IPv6 unspecified'],
    ['::1', 'IPv6 loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local fd'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['febf::1', 'link-local (end of fe80::/10)'],
    ['ff02::1', 'IPv6 multicast'],
    ['fec0::1', 'deprecated site-local'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
    ['::ffff:192.168.0.10', 'IPv4-mapped private'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'IPv4-mapped link-local, uncompressed'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
    ['2002:7f00:1::', '6to4 of loopback'],
  ])('%s is refused (%s)', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  test.each([
    ['93.184.216.34'],
    ['8.8.8.8'],
    ['172.15.255.255'],
    ['172.32.0.1'],
    ['192.169.0.1'],
    ['100.128.0.1'],
    ['2606:2800:220:1:248:1893:25c8:1946'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'],
    ['2002:808:808::'],
    ['2001:db8::1'],
  ])('%s is public', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });

  test('anything that is not an IP address is refused', () => {
    expect(isNonPublicAddress('example.com')).toBe(true);
  });
});

describe('isPrivateHost (a configured URL pointing at a private place on purpose)', () => {
  const privateHosts = ['127.0.0.1', '10.0.0.5', '[::1]', 'localhost', 'feeds.localhost', 'rss-bridge', 'nas.local', 'nas.lan'];
  test.each([...privateHosts, 'svc.internal', 'pi.home.arpa'])('%s is private', (host) => {
    expect(isPrivateHost(host)).toBe(true);
  });

  const publicHosts = ['example.com', 'feeds.example.com', '93.184.216.34', 'localhost.example.com', '[2606:2800:220:1::1]'];
  test.each(publicHosts)('%s is public', (host) => {
    expect(isPrivateHost(host)).toBe(false);
  });
});
