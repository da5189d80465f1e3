import { createPrivateKey, createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, exportJWK } from 'jose';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { SealedBox } from '../../src/common/crypto/sealed-box';
import { type Oauth2Client, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';
import { createSignedInUser } from './support/users';

interface KeyView {
  kid: string;
  alg: string;
  state: 'published' | 'active' | 'retired';
  source: 'configured' | 'database';
  createdAt: string | null;
  activatesAt: string | null;
  retiredAt: string | null;
  removeAfter: string | null;
}

const DELAY_SECONDS = 60;

/**
 * Issue 20, item 2 (keys): signing keys made by rotation live in the database. A new key is in the JWKS at once and
 * signs only after OAUTH2_KEY_PUBLICATION_DELAY; a retired key signs no more at once and stays in the JWKS until the
 * last token it signed has expired (the clock is moved, not waited for). Operators act through /api/admin/keys.
 */
describe('OAuth 2 signing keys in the database', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let client: Oauth2Client;

  beforeAll(async () => {
    gatehouse = await startTestApp({ env: { OAUTH2_KEY_PUBLICATION_DELAY: `PT${DELAY_SECONDS}S` } });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Keyholder');
    client = await registerOauth2Client(developer, admin, { name: 'Keyed app', grantTypes: ['client_credentials'] });
    // This process's clock (the service runs in it too) stands still from here and is only ever moved forward.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  });

  afterAll(async () => {
    vi.useRealTimers();
    await gatehouse.close();
  });

  const listKeys = async () => (await admin.agent.get('/api/admin/keys').expect(200)).body as KeyView[];
  const rotate = async (body: object = {}) =>
    (await admin.agent.post('/api/admin/keys/rotate').set('X-CSRF-Token', admin.csrfToken).send(body).expect(201))
      .body as KeyView;
  const retire = (kid: string) =>
    admin.agent.post(`/api/admin/keys/${kid}/retire`).set('X-CSRF-Token', admin.csrfToken).send({});
  const published = async (app = gatehouse) =>
    ((await supertest(app.url).get('/.well-known/jwks.json').expect(200)).body.keys as { kid: string }[]).map(
      (key) => key.kid,
    );
  const token = async (app = gatehouse) =>
    (await postForm(app, '/oauth2/token', { grant_type: 'client_credentials' }, client).expect(200)).body
      .access_token as string;
  const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;
  const accepted = (jwt: string) =>
    supertest(gatehouse.url).get('/oauth2/resource/scopes').set('Authorization', `Bearer ${jwt}`);
  /** Moves the clock forward to `iso`; timers stay real. */
  const clockAt = (iso: string) => vi.setSystemTime(Math.max(Date.now(), Date.parse(iso)));

  it('lists the configured key alone while the table is empty, to holders of mwoauthmanagekeys only', async () => {
    const [configured, ...others] = await listKeys();
    expect(others).toEqual([]);
    expect(configured).toMatchObject({ source: 'configured', state: 'active', activatesAt: null, retiredAt: null });
    expect(await published()).toEqual([configured.kid]);
    const person = await createSignedInUser(gatehouse, 'Keyless');
    await person.agent.get('/api/admin/keys').expect(403);
    await person.agent.post('/api/admin/keys/rotate').set('X-CSRF-Token', person.csrfToken).send({}).expect(403);
  });

  it('publishes a rotated key at once, signs with it after the delay, and drops the old key after its tokens', async () => {
    const [configured] = await listKeys();
    const next = await rotate({ alg: 'ES256' });
    expect(next).toMatchObject({ alg: 'ES256', state: 'published', source: 'database', retiredAt: null });
    expect(Date.parse(next.activatesAt as string) - Date.parse(next.createdAt as string)).toBe(DELAY_SECONDS * 1000);
    expect(await published()).toEqual([configured.kid, next.kid]);
    const before = await token();
    expect(kidOf(before)).toBe(configured.kid);

    clockAt(next.activatesAt as string);
    const after = await token();
    expect(decodeProtectedHeader(after)).toMatchObject({ kid: next.kid, alg: 'ES256' });
    await accepted(before).expect(200);
    await accepted(after).expect(200);
    const keys = await listKeys();
    expect(keys.map((key) => [key.kid, key.state])).toEqual([
      [next.kid, 'active'],
      [configured.kid, 'retired'],
    ]);
    const old = keys[1];
    expect(old.retiredAt).toBe(next.activatesAt);
    expect(Date.parse(old.removeAfter as string) - Date.parse(old.retiredAt as string)).toBe(3600 * 1000);
    expect(await published()).toEqual([next.kid, configured.kid]);

    clockAt(old.removeAfter as string);
    expect(await published()).toEqual([next.kid]);
  });

  it('refuses a bad kid, an unknown kid, an unknown algorithm and retiring the only key that can sign', async () => {
    expect((await retire('not*a*kid').expect(400)).body.code).toBe('validation_failed');
    expect((await retire('f'.repeat(43)).expect(404)).body.code).toBe('unknown_key');
    await admin.agent
      .post('/api/admin/keys/rotate')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ alg: 'HS256' })
      .expect(400);
    const [signing] = (await listKeys()).filter((key) => key.state === 'active');
    expect((await retire(signing.kid).expect(409)).body.code).toBe('last_signing_key');
    const [retired] = (await listKeys()).filter((key) => key.state === 'retired');
    expect((await retire(retired.kid).expect(409)).body.code).toBe('already_retired');
    expect((await listKeys()).find((key) => key.kid === signing.kid)?.state).toBe('active');
  });

  it('stops signing with a retired key at once, handing over to the waiting key, and keeps it published', async () => {
    const [signing] = (await listKeys()).filter((key) => key.state === 'active');
    const waiting = await rotate();
    const signedBefore = await token();
    expect(kidOf(signedBefore)).toBe(signing.kid);

    const retired = (await retire(signing.kid).expect(200)).body as KeyView;
    expect(retired).toMatchObject({ state: 'retired' });
    expect(kidOf(await token())).toBe(waiting.kid);
    expect((await listKeys()).find((key) => key.kid === waiting.kid)?.state).toBe('active');
    expect(await published()).toContain(signing.kid);
    await accepted(signedBefore).expect(200);

    clockAt(retired.removeAfter as string);
    await accepted(signedBefore).expect(401);
    expect(await published()).not.toContain(signing.kid);
  });

  it('drops at once a waiting key retired before it signed anything', async () => {
    const aborted = await rotate({ alg: 'EdDSA' });
    expect(await published()).toContain(aborted.kid);
    const retired = (await retire(aborted.kid).expect(200)).body as KeyView;
    expect(retired.removeAfter).toBe(retired.retiredAt);
    expect(await published()).not.toContain(aborted.kid);
    clockAt(aborted.activatesAt as string);
    expect(kidOf(await token())).not.toBe(aborted.kid);
  });

  it('audits every change with its actor, and keeps private keys sealed with the server key', async () => {
    const dataSource = gatehouse.app.get(DataSource);
    const log: { kid: string; action: string; actor: string }[] = await dataSource.query(
      'SELECT kid, action, actor FROM oauth2_signing_key_log ORDER BY id',
    );
    expect(log.map((entry) => entry.action)).toEqual(['rotate', 'rotate', 'retire', 'activate', 'rotate', 'retire']);
    expect(new Set(log.map((entry) => entry.actor))).toEqual(new Set([ADMIN.username]));

    const rows: { kid: string; private_key: string | null }[] = await dataSource.query(
      'SELECT kid, private_key FROM oauth2_signing_keys WHERE private_key IS NOT NULL',
    );
    expect(rows.length).toBe(3);
    for (const row of rows) {
      const sealed = row.private_key as string;
      expect(sealed).not.toContain('PRIVATE KEY');
      expect(() => createPrivateKey(sealed)).toThrow();
      expect(new SealedBox('another server key', 'oauth2-signing-key').open(sealed)).toBeUndefined();
      // Under the server key it is the very key published under this kid.
      const pem = new SealedBox(gatehouse.config.oauth.secretKey, 'oauth2-signing-key').open(sealed) as string;
      expect(await calculateJwkThumbprint(await exportJWK(createPublicKey(createPrivateKey(pem))))).toBe(row.kid);
    }
  });
});

/** Two instances sharing MariaDB and Redis: a change made on one is what the other publishes and signs with. */
describe.runIf(backend.redisUrl)('OAuth 2 signing keys across two instances', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ env: { OAUTH2_KEY_PUBLICATION_DELAY: 'PT1H' } });
    second = await startTestApp({ shareWith: first, env: { PUBLIC_URL: first.url } });
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('agrees at once on a rotation and a retirement made on the other instance', async () => {
    const admin = await signIn(first, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(first, 'Twinkeys');
    const client = await registerOauth2Client(developer, admin, {
      name: 'Twin keyed app',
      grantTypes: ['client_credentials'],
    });
    const kidFrom = async (app: TestApp) =>
      decodeProtectedHeader(
        (await postForm(app, '/oauth2/token', { grant_type: 'client_credentials' }, client).expect(200)).body
          .access_token as string,
      ).kid;
    const jwks = async (app: TestApp) =>
      ((await supertest(app.url).get('/.well-known/jwks.json').expect(200)).body.keys as { kid: string }[]).map(
        (key) => key.kid,
      );
    const configuredKid = await kidFrom(second);

    const rotated = await admin.agent
      .post('/api/admin/keys/rotate')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({})
      .expect(201);
    const next = rotated.body.kid as string;
    expect(await jwks(second)).toEqual([configuredKid, next]);
    expect(await kidFrom(second)).toBe(configuredKid);

    await admin.agent
      .post(`/api/admin/keys/${configuredKid as string}/retire`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({})
      .expect(200);
    expect(await kidFrom(second)).toBe(next);
    expect(await jwks(second)).toEqual([next, configuredKid]);
  });
});
