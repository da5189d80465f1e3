import { DataSource } from 'typeorm';
import { OidcLoginEntity } from '../../src/oidc/logins/oidc-login.entity';
import { OidcLoginPurgeJob } from '../../src/oidc/logins/oidc-login-purge.job';
import { CALLBACK, type Oauth2Client, authorize, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const HOUR = 3600;

/**
 * The record of each app sign-in (`oidc_logins`) lives while its session or its refresh tokens may need it, and is
 * purged `TOKEN_RETENTION` later (issue 12's retention, for the table issue 13 adds).
 */
describe('OpenID Connect sign-in records', () => {
  let gatehouse: TestApp;
  let rp: Oauth2Client;
  let user: SignedIn;

  beforeAll(async () => {
    gatehouse = await startTestApp({
      env: { SESSION_TTL: 'PT12H', OAUTH2_REFRESH_TOKEN_TTL: 'P30D', TOKEN_RETENTION: 'P1D', PURGE_SCHEDULE: 'off' },
    });
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Recorddev');
    user = await createSignedInUser(gatehouse, 'Recorduser');
    rp = await registerOauth2Client(dev, admin, {
      name: 'Record app',
      grants: ['openid', 'offline_access'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const records = () => gatehouse.app.get(DataSource).getRepository(OidcLoginEntity);
  const secondsAhead = (date: Date) => (date.getTime() - Date.now()) / 1000;

  async function signInTo(scope: string): Promise<{ refresh_token?: string }> {
    const callback = await authorize(user, {
      client_id: rp.clientId,
      redirect_uri: CALLBACK,
      scope,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    const code = callback.searchParams.get('code') as string;
    const form = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: VERIFIER };
    return (await postForm(gatehouse, '/oauth2/token', form, rp).expect(200)).body as { refresh_token?: string };
  }

  it('keeps a sign-in as long as its session, or its refresh tokens with offline_access, and moves on with refreshes', async () => {
    await records().clear();
    await signInTo('openid');
    const [sessionOnly] = await records().find();
    expect(secondsAhead(sessionOnly.expires)).toBeGreaterThan(12 * HOUR - 60);
    expect(secondsAhead(sessionOnly.expires)).toBeLessThanOrEqual(12 * HOUR);

    const tokens = await signInTo('openid offline_access');
    const offline = (await records().find({ order: { id: 'ASC' } }))[1];
    expect(secondsAhead(offline.expires)).toBeGreaterThan(30 * 24 * HOUR - 60);

    await records().update({ id: offline.id }, { expires: new Date(Date.now() + HOUR * 1000) });
    const refreshed = await postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      rp,
    ).expect(200);
    expect((refreshed.body as { id_token?: string }).id_token).toBeTruthy();
    const moved = await records().findOneByOrFail({ id: offline.id });
    expect(secondsAhead(moved.expires)).toBeGreaterThan(30 * 24 * HOUR - 60);
  });

  it('purges a record TOKEN_RETENTION after its end, and no earlier', async () => {
    await records().clear();
    await signInTo('openid');
    await signInTo('openid');
    const [old, recent] = await records().find({ order: { id: 'ASC' } });
    await records().update({ id: old.id }, { expires: new Date(Date.now() - (24 * HOUR + 60) * 1000) });
    await records().update({ id: recent.id }, { expires: new Date(Date.now() - (24 * HOUR - 60) * 1000) });
    expect(await gatehouse.app.get(OidcLoginPurgeJob).runOnce()).toEqual({ oidc_logins: { rows: 1, batches: 1 } });
    expect((await records().find()).map((row) => row.id)).toEqual([recent.id]);
  });
});
