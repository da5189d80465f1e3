import { generateKeyPairSync } from 'node:crypto';
import { createHash } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import * as openid from 'openid-client';
import { CALLBACK, consentFields, registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { ADMIN, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

function privateKeyPem(type: 'ec' | 'ed25519'): string {
  const pair = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * Issue 13, item 3: ID Tokens are signed with the server's published key, ES256 or EdDSA when configured; discovery
 * says which, and openid-client validates them without being told.
 */
describe.each([
  { key: 'ec' as const, alg: 'ES256', hash: 'sha256' },
  { key: 'ed25519' as const, alg: 'EdDSA', hash: 'sha512' },
])('ID Tokens signed with $alg', ({ key, alg, hash }) => {
  it('are published in discovery, validated by openid-client, and carry at_hash by the algorithm’s hash', async () => {
    const gatehouse = await startTestApp({ env: { OAUTH2_PRIVATE_KEY: privateKeyPem(key) } });
    try {
      const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      const dev = await createSignedInUser(gatehouse, 'Keysdev');
      const person = await createSignedInUser(gatehouse, 'Keysuser');
      const rp = await registerOauth2Client(dev, admin, { name: 'Keys app', grants: ['openid', 'profile'] });
      const config = await openid.discovery(new URL(gatehouse.url), rp.clientId, rp.secret, undefined, {
        execute: [openid.allowInsecureRequests],
      });
      expect(config.serverMetadata().id_token_signing_alg_values_supported).toEqual([alg]);

      const verifier = openid.randomPKCECodeVerifier();
      const nonce = openid.randomNonce();
      const url = openid.buildAuthorizationUrl(config, {
        redirect_uri: CALLBACK,
        scope: 'openid profile',
        code_challenge: await openid.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        nonce,
      });
      const path = `${url.pathname}${url.search}`;
      const page = await person.agent.get(path).expect(200);
      const answer = await person.agent
        .post(path)
        .type('form')
        .send({ ...consentFields(page.text), decision: 'allow' })
        .expect(303);
      const tokens = await openid.authorizationCodeGrant(config, new URL(answer.headers.location), {
        pkceCodeVerifier: verifier,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      expect(decodeProtectedHeader(tokens.id_token as string)).toMatchObject({ alg, typ: 'JWT' });
      const digest = createHash(hash).update(tokens.access_token).digest();
      expect(tokens.claims()).toMatchObject({
        sub: String(person.user.id),
        preferred_username: 'Keysuser',
        at_hash: digest.subarray(0, digest.length / 2).toString('base64url'),
      });
    } finally {
      await gatehouse.close();
    }
  });
});
