import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("records helmet's headers for the configuration, with HSTS only behind https", () => {
    const plain = new Map(securityHeaders(false));
    expect(plain.get('X-Frame-Options')).toBe('DENY');
    expect(plain.get('Referrer-Policy')).toBe('no-referrer');
    expect(plain.get('X-Content-Type-Options')).toBe('nosniff');
    expect(plain.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(plain.get('Content-Security-Policy')).toContain("form-action 'self' http: https:");
    expect(plain.has('Strict-Transport-Security')).toBe(false);
    const secure = new Map(securityHeaders(true));
    expect(secure.get('Strict-Transport-Security')).toMatch(/^max-age=\d+/);
    expect(secure.size).toBe(plain.size + 1);
  });
});
