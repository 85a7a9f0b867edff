/**
 * What kind of address an IP literal is, for URL routing's address policy: only `public`
 * addresses may be reached unless private ones are allowed. Pure (no `node:net`), so a Worker
 * runtime can use it too. The ranges are IANA's special-purpose registries (RFC 6890 and its
 * updates) plus the cloud metadata endpoints; an IPv6 address that embeds an IPv4 one
 * (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) is the class of the
 * embedded address, since that is what a connection to it may reach.
 */

import { ProxyError } from '../errors/proxy-error.js';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'carrier-grade-nat'
  | 'multicast'
  | 'reserved';

/** How each class reads in an error message ("127.0.0.1, a loopback address"). */
export const addressClassDescription = {
  public: 'a public address',
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified address (this host)',
  'carrier-grade-nat': 'a carrier-grade NAT (shared) address',
  multicast: 'a multicast address',
  reserved: 'a reserved or documentation address',
} as const satisfies Record<AddressClass, string>;

/** The class of an IPv4 or IPv6 literal (an IPv6 zone `%eth0` is ignored); undefined when `text` is not one. */
export function classifyAddress(text: string): AddressClass | undefined {
  const ipv4 = parseIPv4(text);
  if (ipv4 !== undefined) return classifyIPv4(ipv4);
  const ipv6 = parseIPv6(text.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  return ipv6 === undefined ? undefined : classifyIPv6(ipv6);
}

/** The refusal (403) of connecting to `address` for `host`, naming both and the setting; undefined for a public address. */
export function addressRefusal(host: string, address: string): ProxyError | undefined {
  // Something the classifier cannot read is not known to be public.
  const kind = classifyAddress(address) ?? 'reserved';
  if (kind === 'public') return undefined;
  const what = host === address ? address : `${host}, which resolves to ${address}`;
  return new ProxyError(
    'permission',
    `URL routing refused to connect to ${what}: ${addressClassDescription[kind]}. ` +
      'Set urlRouting.allowPrivateAddresses: true in the configuration file (URL_ROUTING_ALLOW_PRIVATE=1 in environment mode) to allow such addresses.',
    { code: 'address_refused' },
  );
}

/** An IPv4 range: the address as a 32-bit number and the prefix length. */
type IPv4Range = readonly [network: number, prefix: number, AddressClass];

const ipv4Ranges: readonly IPv4Range[] = [
  // The metadata endpoints first: they sit inside wider ranges of another class.
  [ipv4('169.254.169.254'), 32, 'metadata'], // AWS, GCP, Azure, Oracle, DigitalOcean...
  [ipv4('169.254.170.2'), 32, 'metadata'], // AWS ECS task metadata
  [ipv4('100.100.100.200'), 32, 'metadata'], // Alibaba Cloud
  [ipv4('0.0.0.0'), 8, 'unspecified'], // "this network"; 0.0.0.0 connects to this host
  [ipv4('10.0.0.0'), 8, 'private'],
  [ipv4('100.64.0.0'), 10, 'carrier-grade-nat'],
  [ipv4('127.0.0.0'), 8, 'loopback'],
  [ipv4('169.254.0.0'), 16, 'link-local'],
  [ipv4('172.16.0.0'), 12, 'private'],
  [ipv4('192.0.0.0'), 24, 'reserved'], // IETF protocol assignments
  [ipv4('192.0.2.0'), 24, 'reserved'], // TEST-NET-1
  [ipv4('192.88.99.0'), 24, 'reserved'], // 6to4 relay anycast (deprecated)
  [ipv4('192.168.0.0'), 16, 'private'],
  [ipv4('198.18.0.0'), 15, 'reserved'], // benchmarking
  [ipv4('198.51.100.0'), 24, 'reserved'], // TEST-NET-2
  [ipv4('203.0.113.0'), 24, 'reserved'], // TEST-NET-3
  [ipv4('224.0.0.0'), 4, 'multicast'],
  [ipv4('240.0.0.0'), 4, 'reserved'], // future use, and 255.255.255.255 (broadcast)
];

function classifyIPv4(address: number): AddressClass {
  for (const [network, prefix, kind] of ipv4Ranges) {
    if (inIPv4Range(address, network, prefix)) return kind;
  }
  return 'public';
}

function inIPv4Range(address: number, network: number, prefix: number): boolean {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return ((address & mask) >>> 0) === ((network & mask) >>> 0);
}

/** An IPv6 range over the eight 16-bit groups: the leading groups to compare and the prefix length. */
type IPv6Range = readonly [network: readonly number[], prefix: number, AddressClass];

const ipv6Ranges: readonly IPv6Range[] = [
  [[0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254], 128, 'metadata'], // AWS IMDS over IPv6
  [[0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0x0064, 0xff9b, 0x0001], 48, 'private'], // local-use NAT64 (RFC 8215)
  [[0x0100, 0, 0, 0], 64, 'reserved'], // discard-only
  [[0x2001, 0x0db8], 32, 'reserved'], // documentation
  [[0x2001, 0x0000], 23, 'reserved'], // IETF protocol assignments (Teredo, ORCHID, ...)
  [[0x3fff, 0], 20, 'reserved'], // documentation (RFC 9637)
  [[0x5f00], 16, 'reserved'], // SRv6 SIDs
  [[0xfc00], 7, 'private'], // unique local
  [[0xfe80], 10, 'link-local'],
  [[0xfec0], 10, 'private'], // site-local (deprecated)
  [[0xff00], 8, 'multicast'],
];

function classifyIPv6(groups: readonly number[]): AddressClass {
  const embedded = embeddedIPv4(groups);
  if (embedded !== undefined) return classifyIPv4(embedded);
  for (const [network, prefix, kind] of ipv6Ranges) {
    if (inIPv6Range(groups, network, prefix)) return kind;
  }
  return 'public';
}

/**
 * The IPv4 address inside IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d, not :: or
 * ::1), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::) addresses.
 */
function embeddedIPv4(groups: readonly number[]): number | undefined {
  const g = (index: number) => groups[index] ?? 0;
  const low32 = ((g(6) << 16) | g(7)) >>> 0;
  const zeroUpTo = (end: number) => groups.slice(0, end).every((group) => group === 0);
  if (zeroUpTo(5) && g(5) === 0xffff) return low32;
  if (zeroUpTo(4) && g(4) === 0xffff && g(5) === 0) return low32; // IPv4-translated (SIIT)
  if (zeroUpTo(6) && low32 > 1) return low32;
  if (g(0) === 0x0064 && g(1) === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) return low32;
  if (g(0) === 0x2002) return ((g(1) << 16) | g(2)) >>> 0;
  return undefined;
}

function inIPv6Range(groups: readonly number[], network: readonly number[], prefix: number): boolean {
  for (let index = 0, bits = prefix; bits > 0; index++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((groups[index] ?? 0) & mask) !== ((network[index] ?? 0) & mask)) return false;
  }
  return true;
}

/** Dotted-quad IPv4 only (four decimal parts, 0-255, no leading zeros): the form resolvers return. */
function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function ipv4(text: string): number {
  const value = parseIPv4(text);
  if (value === undefined) throw new Error(`Not an IPv4 address: ${text}`);
  return value;
}

/** The eight 16-bit groups of an IPv6 literal (with `::` and a trailing dotted quad); undefined when it is none. */
function parseIPv6(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/** `a:b:c` or `a:b:1.2.3.4` as 16-bit groups; an empty text is no groups. */
function groupsOf(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const value = parseIPv4(part);
      if (value === undefined) return undefined;
      groups.push(value >>> 16, value & 0xffff);
    } else if (/^[0-9a-f]{1,4}$/i.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}
