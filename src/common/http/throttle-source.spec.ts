import { throttleSource } from './throttle-source';

describe('throttleSource', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:0:0:1::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ])('counts %s as %s', (address, source) => {
    expect(throttleSource(address)).toBe(source);
  });

  it('counts the addresses of one IPv6 /64 as one source', () => {
    expect(throttleSource('2001:db8:5:6:aaaa::1')).toBe(throttleSource('2001:db8:5:6:bbbb:cccc:dddd:eeee'));
    expect(throttleSource('2001:db8:5:6::1')).not.toBe(throttleSource('2001:db8:5:7::1'));
  });

  it.each([undefined, '', 'not-an-address', 'x'.repeat(100_000)])(
    'counts %s as one fixed unknown source',
    (address) => {
      expect(throttleSource(address)).toBe('unknown');
    },
  );
});
