import { isIP } from 'node:net';
import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';

/** Each IP restriction is an address or a CIDR range, IPv4 or IPv6; the list is normalised without duplicates. */
export function checkIpRanges(ranges: string[]): string[] {
  for (const range of ranges) {
    const [address, prefix, ...rest] = range.split('/');
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new ConsumerException(ConsumerErrorCode.InvalidRestrictions, `Invalid IP range: ${range}`);
    }
  }
  return [...new Set(ranges)];
}
