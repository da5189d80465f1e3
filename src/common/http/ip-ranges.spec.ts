import { inIpRanges } from './ip-ranges';

describe('inIpRanges', () => {
  it.each([
    ['192.0.2.7', ['192.0.2.0/24']],
    ['192.0.2.7', ['0.0.0.0/0', '::/0']],
    ['::ffff:192.0.2.7', ['192.0.2.0/24']],
    ['2001:db8::1', ['2001:db8::/32']],
    ['10.1.2.3', ['10.1.2.3']],
    ['::1', ['0.0.0.0/0', '::/0']],
  ])('lets %s in through %j', (address, ranges) => {
    expect(inIpRanges(address, ranges)).toBe(true);
  });

  it.each([
    ['192.0.3.7', ['192.0.2.0/24']],
    ['2001:db9::1', ['2001:db8::/32']],
    ['10.1.2.4', ['10.1.2.3']],
    ['not-an-ip', ['0.0.0.0/0']],
    ['192.0.2.7', []],
  ])('keeps %s out of %j', (address, ranges) => {
    expect(inIpRanges(address, ranges)).toBe(false);
  });
});
