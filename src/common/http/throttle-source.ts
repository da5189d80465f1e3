import { isIP } from 'node:net';

/** What a request without a usable address counts as: one shared source, never a key made of client input. */
const UNKNOWN_SOURCE = 'unknown';

/**
 * The unit an address-based throttle counts (fixed in size, so usable in a key): an IPv4 address, or the /64
 * network of an IPv6 one, since a single host is usually handed a whole /64 (RFC 4291 §2.5.1 interface
 * identifiers) and could otherwise step around a limit by changing its interface identifier. IPv4-mapped IPv6
 * addresses count as IPv4, as in the IP restrictions.
 */
export function throttleSource(address: string | undefined): string {
  const unzoned = (address ?? '').split('%')[0];
  const plain = unzoned.startsWith('::ffff:') && isIP(unzoned.slice(7)) === 4 ? unzoned.slice(7) : unzoned;
  const family = isIP(plain);
  if (family === 4) {
    return plain;
  }
  if (family !== 6) {
    return UNKNOWN_SOURCE;
  }
  // The WHATWG serialisation is canonical (RFC 5952): lower case, embedded IPv4 in hex, one `::` at most.
  const canonical = new URL(`http://[${plain}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return `${[...headGroups, ...zeros, ...tailGroups].slice(0, 4).join(':')}::/64`;
}
