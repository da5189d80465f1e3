import { BlockList, isIP } from 'node:net';

/**
 * Whether `address` falls in one of `ranges` (addresses or CIDR ranges, both families), as consumer IP
 * restrictions need (reference §6.5). IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) count as IPv4.
 */
export function inIpRanges(address: string, ranges: readonly string[]): boolean {
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain);
  if (family === 0) {
    return false;
  }
  const list = blockListOf(ranges);
  return list === EVERYWHERE || list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

/** The default restriction (every address of both families) needs no lookup, which is most consumers. */
const EVERYWHERE = new BlockList();

/** Built once per list: the gateway checks the same cached consumer's ranges on every request. */
const built = new WeakMap<readonly string[], BlockList>();

function blockListOf(ranges: readonly string[]): BlockList {
  const known = built.get(ranges);
  if (known) {
    return known;
  }
  if (ranges.includes('0.0.0.0/0') && ranges.includes('::/0')) {
    built.set(ranges, EVERYWHERE);
    return EVERYWHERE;
  }
  const list = new BlockList();
  for (const range of ranges) {
    const [network, prefix] = range.split('/');
    const type = isIP(network) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(network, type);
    } else {
      list.addSubnet(network, Number(prefix), type);
    }
  }
  built.set(ranges, list);
  return list;
}
