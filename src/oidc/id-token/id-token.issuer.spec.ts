import { tokenHash } from './id-token.issuer';

describe('tokenHash (at_hash, OpenID Connect Core §3.1.3.6)', () => {
  it("matches the specification's example for RS256", () => {
    // OpenID Connect Core, Appendix A.3 / A.4: the access token and at_hash of the "code id_token token" examples.
    expect(tokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });

  it('hashes with SHA-512 for EdDSA, and keeps half of it', () => {
    expect(Buffer.from(tokenHash('token', 'EdDSA'), 'base64url')).toHaveLength(32);
    expect(Buffer.from(tokenHash('token', 'ES256'), 'base64url')).toHaveLength(16);
  });
});
