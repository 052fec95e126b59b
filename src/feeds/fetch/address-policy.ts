// Fetch stage, network safety: which IP addresses a feed fetch may connect to.
// A feed on the public internet must not be able to point feedmill (by DNS or by a
// redirect) at the machine itself or the private network it runs in (SSRF). Sources an
// operator configured on a private address on purpose are still allowed ('auto').
import { isIP } from 'node:net';

/** [first address as a 32-bit number, prefix length] of IPv4 ranges that are not the public internet. */
const NON_PUBLIC_V4: ReadonlyArray<readonly [number, number]> = [
  [v4('0.0.0.0'), 8], // "this network", including the unspecified address
  [v4('10.0.0.0'), 8],
  [v4('100.64.0.0'), 10], // carrier-grade NAT (RFC 6598)
  [v4('127.0.0.0'), 8],
  [v4('169.254.0.0'), 16], // link-local, where cloud metadata services live
  [v4('172.16.0.0'), 12],
  [v4('192.168.0.0'), 16],
  [v4('224.0.0.0'), 4], // multicast
  [v4('240.0.0.0'), 4], // reserved and broadcast
];

/**
 * True when an address is loopback, private, link-local, unspecified, multicast or reserved,
 * including the IPv6 forms that carry such an IPv4 address (::ffff:10.0.0.1, 64:ff9b::7f00:1, 6to4).
 * Anything that is not an IP address counts as non-public: callers only pass resolved addresses.
 */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return isNonPublicV4(v4(address));
  if (family === 6) return isNonPublicV6(address);
  return true;
}

/**
 * Whether a configured source URL's host points at a non-public place on purpose: an IP
 * literal in a non-public range, localhost, or a name that only a local resolver knows
 * (a single label such as a Docker service "rss-bridge", or .local/.lan/.internal/.home.arpa).
 */
export function isPrivateHost(hostname: string): boolean {
  let known = judgedHosts.get(hostname);
  if (known === undefined) {
    if (judgedHosts.size >= MAX_JUDGED_HOSTS) judgedHosts.clear();
    known = judgeHost(hostname);
    judgedHosts.set(hostname, known);
  }
  return known;
}

/** isPrivateHost's answers, asked at every poll of a source for the same few host names. */
const judgedHosts = new Map<string, boolean>();
const MAX_JUDGED_HOSTS = 10_000;

function judgeHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (isIP(host)) return isNonPublicAddress(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (!host.includes('.')) return true;
  return /\.(local|lan|internal|home\.arpa)$/.test(host);
}

function v4(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function isNonPublicV4(n: number): boolean {
  return NON_PUBLIC_V4.some(([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

function isNonPublicV6(address: string): boolean {
  const h = hextets(address);
  const embeddedV4 = (hi: number, lo: number) => (h[hi] as number) * 65536 + (h[lo] as number);
  const zeros = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return true; // ::
  if (zeros(0, 7) && h[7] === 1) return true; // ::1
  if (zeros(0, 5) && h[5] === 0xffff) return isNonPublicV4(embeddedV4(6, 7)); // IPv4-mapped
  if (zeros(0, 6)) return isNonPublicV4(embeddedV4(6, 7)); // IPv4-compatible (deprecated)
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return isNonPublicV4(embeddedV4(6, 7)); // NAT64
  if (h[0] === 0x2002) return isNonPublicV4(embeddedV4(1, 2)); // 6to4
  const first = h[0] as number;
  if ((first & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((first & 0xffc0) === 0xfec0) return true; // site-local fec0::/10 (deprecated, still routed privately)
  if ((first & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/** The eight 16-bit groups of an IPv6 address (valid per net.isIP), with "::" and a dotted tail expanded. */
function hextets(address: string): number[] {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4(dotted[1] as string);
    text = `${text.slice(0, dotted.index)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((x) => Number.parseInt(x, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
