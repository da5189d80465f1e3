import type { IncomingMessage } from 'node:http';
import { clientAddress } from './client-address';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    socket: { remoteAddress: peer },
  } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('answers the peer and ignores X-Forwarded-For when no proxy is trusted', () => {
    const of = clientAddress(false);
    expect(of(request('192.0.2.7', '203.0.113.9'))).toBe('192.0.2.7');
    expect(of(request('192.0.2.7'))).toBe('192.0.2.7');
  });

  it('follows X-Forwarded-For through the trusted proxies only, as Express does', () => {
    expect(clientAddress(['loopback'])(request('127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(['loopback'])(request('192.0.2.7', '203.0.113.9'))).toBe('192.0.2.7');
    expect(clientAddress(true)(request('192.0.2.7', '203.0.113.9, 198.51.100.1'))).toBe('203.0.113.9');
    expect(clientAddress(1)(request('192.0.2.7', '203.0.113.9, 198.51.100.1'))).toBe('198.51.100.1');
  });
});
