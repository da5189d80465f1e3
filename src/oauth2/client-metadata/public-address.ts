import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet: not loopback, private (RFC 1918, RFC 4193), link-local, shared
 * (RFC 6598), multicast, reserved, nor an IPv6 form that carries an IPv4 address (mapped, 6to4, Teredo), which
 * ipaddr.js names by their own ranges rather than `unicast`.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) {
    return false;
  }
  return ipaddr.process(address).range() === 'unicast';
}
