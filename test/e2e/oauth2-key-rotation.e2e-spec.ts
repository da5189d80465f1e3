import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import supertest from 'supertest';
import { type Oauth2Client, postForm, registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

const pem = (type: 'rsa' | 'ec' | 'ed25519') => {
  const options = type === 'ec' ? { namedCurve: 'P-256' } : type === 'rsa' ? { modulusLength: 2048 } : {};
  const pair = generateKeyPairSync(type as 'rsa', options as { modulusLength: number });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

/**
 * Key rotation as DESIGN §6 has it, on one database: publish the next key, then sign with it while the old one
 * stays published, then retire the old one once its tokens have expired. ES256 and EdDSA keys sign as well as RSA.
 */
describe('OAuth 2 signing key rotation', () => {
  const oldKey = pem('rsa');
  const nextKey = pem('ec');
  const apps: TestApp[] = [];
  let client: Oauth2Client;

  const start = async (env: Record<string, string>) => {
    // Later instances join the first one's deployment: same database, same public URL (the tokens' issuer).
    const app = await startTestApp(
      apps[0] ? { shareWith: apps[0], env: { ...env, PUBLIC_URL: apps[0].url } } : { env },
    );
    apps.push(app);
    return app;
  };
  const token = async (app: TestApp) =>
    (await postForm(app, '/oauth2/token', { grant_type: 'client_credentials' }, client).expect(200)).body
      .access_token as string;
  const scopesWith = (app: TestApp, accessToken: string) =>
    supertest(app.url).get('/oauth2/resource/scopes').set('Authorization', `Bearer ${accessToken}`);

  afterAll(async () => {
    for (const app of apps.reverse()) {
      await app.close();
    }
  });

  it('keeps old tokens valid through publish, sign and retire, and signs with ES256 after the switch', async () => {
    const signingOld = await start({ OAUTH2_PRIVATE_KEY: oldKey.privateKey });
    const admin = await signIn(signingOld, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(signingOld, 'Rotator');
    client = await registerOauth2Client(developer, admin, { name: 'Rotated app', grantTypes: ['client_credentials'] });
    const oldToken = await token(signingOld);
    expect(decodeProtectedHeader(oldToken).alg).toBe('RS256');

    const publishing = await start({ OAUTH2_PRIVATE_KEY: oldKey.privateKey, OAUTH2_PUBLIC_KEY: nextKey.publicKey });
    const published = await supertest(publishing.url).get('/.well-known/jwks.json').expect(200);
    expect(published.body.keys.map((key: { alg: string }) => key.alg)).toEqual(['RS256', 'ES256']);
    expect(decodeProtectedHeader(await token(publishing)).kid).toBe(decodeProtectedHeader(oldToken).kid);

    const signingNext = await start({ OAUTH2_PRIVATE_KEY: nextKey.privateKey, OAUTH2_PUBLIC_KEY: oldKey.publicKey });
    const newToken = await token(signingNext);
    expect(decodeProtectedHeader(newToken)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(decodeJwt(newToken).aud).toBe(client.clientId);
    await scopesWith(signingNext, oldToken).expect(200);
    await scopesWith(signingNext, newToken).expect(200);

    const retired = await start({ OAUTH2_PRIVATE_KEY: nextKey.privateKey });
    await scopesWith(retired, oldToken).expect(401);
    await scopesWith(retired, newToken).expect(200);
  });

  it('signs with an Ed25519 key as EdDSA', async () => {
    const edwards = await start({ OAUTH2_PRIVATE_KEY: pem('ed25519').privateKey });
    const signed = await token(edwards);
    expect(decodeProtectedHeader(signed).alg).toBe('EdDSA');
    await scopesWith(edwards, signed).expect(200);
  });
});
