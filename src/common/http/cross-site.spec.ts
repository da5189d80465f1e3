import type { Request } from 'express';
import { isCrossSiteRequest } from './cross-site';

const SITE = 'https://auth.example.com';
const PUBLIC_URL = `${SITE}/gatehouse`;

function request(headers: Record<string, string>): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { header: (name: string) => lower[name.toLowerCase()] } as unknown as Request;
}

describe('isCrossSiteRequest', () => {
  it.each([
    [{ Origin: 'https://evil.example' }],
    [{ Origin: 'https://sibling.example.com' }],
    [{ Origin: 'http://auth.example.com' }],
    [{ Origin: 'null' }],
    [{ 'Sec-Fetch-Site': 'cross-site' }],
    [{ 'Sec-Fetch-Site': 'same-site' }],
    [{ 'Sec-Fetch-Site': 'cross-site', Origin: 'null' }],
    [{ 'Sec-Fetch-Site': 'same-origin', Origin: 'https://evil.example' }],
  ])('refuses %o', (headers) => {
    expect(isCrossSiteRequest(request(headers), PUBLIC_URL)).toBe(true);
  });

  it.each([
    [{}],
    [{ Origin: SITE }],
    [{ 'Sec-Fetch-Site': 'same-origin' }],
    [{ 'Sec-Fetch-Site': 'same-origin', Origin: SITE }],
    [{ 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }],
    [{ 'Sec-Fetch-Site': 'none' }],
  ])('accepts %o', (headers) => {
    expect(isCrossSiteRequest(request(headers), PUBLIC_URL)).toBe(false);
  });
});
