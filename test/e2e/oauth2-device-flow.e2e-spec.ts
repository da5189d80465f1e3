import * as oauth from 'oauth4webapi';
import type { Browser } from 'playwright-core';
import supertest from 'supertest';
import { clickButton, fillSignInForm, launchChromium, newPerson, textOf } from './support/browser';
import { type Oauth2Client, consentFields, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';
import { createSignedInUser } from './support/users';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const DEVICE_ENABLED = {
  OAUTH2_ENABLED_GRANT_TYPES: `authorization_code,refresh_token,client_credentials,${DEVICE_GRANT}`,
  OAUTH2_DEVICE_CODE_INTERVAL: '1',
};
// The issuer is plain http on 127.0.0.1; oauth4webapi refuses that unless told otherwise.
const insecure = { [oauth.allowInsecureRequests]: true };

/** A device as oauth4webapi, unmodified, plays it: its client metadata and how it authenticates. */
interface Device {
  client: oauth.Client;
  auth: oauth.ClientAuth;
  registered: Oauth2Client;
}

async function discover(gatehouse: TestApp): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(gatehouse.url);
  return oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
}

async function startDevice(
  as: oauth.AuthorizationServer,
  device: Device,
  scope = 'basic editpage',
): Promise<oauth.DeviceAuthorizationResponse> {
  const response = await oauth.deviceAuthorizationRequest(as, device.client, device.auth, { scope }, insecure);
  return oauth.processDeviceAuthorizationResponse(as, device.client, response);
}

/** One poll of the token endpoint: the tokens, or the RFC 8628 §3.5 error code oauth4webapi reports. */
async function poll(
  as: oauth.AuthorizationServer,
  device: Device,
  deviceCode: string,
): Promise<oauth.TokenEndpointResponse | string> {
  const response = await oauth.deviceCodeGrantRequest(as, device.client, device.auth, deviceCode, insecure);
  try {
    return await oauth.processDeviceCodeResponse(as, device.client, response);
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      return error.error;
    }
    throw error;
  }
}

const pause = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** The `/device` page as `person` answers it with supertest: the code entered, then the consent page's `decision`. */
async function enterCode(person: SignedIn, userCode: string): Promise<supertest.Response> {
  const form = await person.agent.get('/device').query({ user_code: userCode }).expect(200);
  return person.agent
    .post('/device')
    .type('form')
    .send({ csrf: consentFields(form.text).csrf, user_code: userCode });
}

async function answer(
  person: SignedIn,
  consentPage: string,
  decision: 'allow' | 'cancel',
): Promise<supertest.Response> {
  return person.agent
    .post('/device/decide')
    .type('form')
    .send({ ...consentFields(consentPage), decision });
}

/**
 * The Device Authorization Grant (RFC 8628, issue 14): oauth4webapi, unmodified, plays the device, from the device
 * authorization request to the tokens; the person's side is the `/device` page, in Chromium for the whole flow.
 */
describe('OAuth 2.0 device flow (RFC 8628)', () => {
  let gatehouse: TestApp;
  let as: oauth.AuthorizationServer;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn & { email: string };
  let tv: Device;
  let cli: Device;
  let webOnly: Device;

  beforeAll(async () => {
    gatehouse = await startTestApp({ env: DEVICE_ENABLED });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Devicedev');
    user = await createSignedInUser(gatehouse, 'Deviceuser');
    const tvClient = await registerOauth2Client(dev, admin, {
      name: 'Living room TV',
      confidential: false,
      grants: ['basic', 'editpage', 'openid', 'offline_access'],
      grantTypes: [DEVICE_GRANT, 'refresh_token'],
    });
    tv = { client: { client_id: tvClient.clientId }, auth: oauth.None(), registered: tvClient };
    const cliClient = await registerOauth2Client(dev, admin, {
      name: 'Command-line tool',
      grantTypes: [DEVICE_GRANT],
    });
    cli = {
      client: { client_id: cliClient.clientId },
      auth: oauth.ClientSecretBasic(cliClient.secret as string),
      registered: cliClient,
    };
    const webClient = await registerOauth2Client(dev, admin, { name: 'Web only', confidential: false });
    webOnly = { client: { client_id: webClient.clientId }, auth: oauth.None(), registered: webClient };
    as = await discover(gatehouse);
  });

  afterAll(async () => {
    await gatehouse?.close();
  });

  it('advertises the device authorization endpoint (RFC 8414, RFC 8628 §4) and the grant type', () => {
    expect(as.device_authorization_endpoint).toBe(`${gatehouse.url}/oauth2/device_authorization`);
    expect(as.grant_types_supported).toContain(DEVICE_GRANT);
  });

  it('answers typable codes and where to enter them (RFC 8628 §3.2, §6.1)', async () => {
    const started = await startDevice(as, cli);
    expect(started.device_code).toMatch(/^[0-9a-f]{80}$/);
    expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(started.verification_uri).toBe(`${gatehouse.url}/device`);
    expect(started.verification_uri_complete).toBe(
      `${gatehouse.url}/device?user_code=${encodeURIComponent(started.user_code)}`,
    );
    expect(started.expires_in).toBe(600);
    expect(started.interval).toBe(1);
  });

  it('refuses a client that did not register for the grant (unauthorized_client)', async () => {
    const answer = await postForm(gatehouse, '/oauth2/device_authorization', { scope: 'basic' }, webOnly.registered);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('unauthorized_client');
    // Nor may it poll with someone else's device code.
    const started = await startDevice(as, cli);
    const polled = await postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: DEVICE_GRANT, device_code: started.device_code },
      webOnly.registered,
    );
    expect(polled.body.error).toBe('unauthorized_client');
  });

  it('refuses bad input with the RFC codes, never a 500', async () => {
    const unknownScope = await postForm(
      gatehouse,
      '/oauth2/device_authorization',
      { scope: 'nonsense' },
      tv.registered,
    );
    expect([unknownScope.status, unknownScope.body.error]).toEqual([400, 'invalid_scope']);
    const noClient = await postForm(gatehouse, '/oauth2/device_authorization', { scope: 'basic' });
    expect([noClient.status, noClient.body.error]).toEqual([401, 'invalid_client']);
    const noCode = await postForm(gatehouse, '/oauth2/token', { grant_type: DEVICE_GRANT }, tv.registered);
    expect([noCode.status, noCode.body.error]).toEqual([400, 'invalid_request']);
    const wrongCode = await postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: DEVICE_GRANT, device_code: 'f'.repeat(80) },
      tv.registered,
    );
    expect([wrongCode.status, wrongCode.body.error]).toEqual([400, 'invalid_grant']);
  });

  it('answers slow_down to a device polling faster than its interval, and adds 5 seconds', async () => {
    const started = await startDevice(as, cli);
    expect(await poll(as, cli, started.device_code)).toBe('authorization_pending');
    expect(await poll(as, cli, started.device_code)).toBe('slow_down');
    // Another device code is not slowed by this one.
    const other = await startDevice(as, cli);
    expect(await poll(as, cli, other.device_code)).toBe('authorization_pending');
    await pause(1.2);
    // Past the first interval, within the slowed one (1 + 5 s).
    expect(await poll(as, cli, started.device_code)).toBe('authorization_pending');
    expect(await poll(as, cli, started.device_code)).toBe('slow_down');
  });

  it('tells the device access_denied when the person denies', async () => {
    const started = await startDevice(as, cli);
    const consent = await enterCode(user, started.user_code);
    expect(consent.status).toBe(200);
    expect(consent.text).toContain('Command-line tool');
    const denied = await answer(user, consent.text, 'cancel');
    expect(denied.status).toBe(200);
    expect(denied.text).toContain('Device not connected');
    expect(await poll(as, cli, started.device_code)).toBe('access_denied');
    await pause(1.1);
    expect(await poll(as, cli, started.device_code)).toBe('invalid_grant');
  });

  it('accepts a user code once: entered again, it is refused with a clear message', async () => {
    const started = await startDevice(as, cli);
    const consent = await enterCode(user, started.user_code);
    expect((await answer(user, consent.text, 'allow')).text).toContain('Device connected');
    const again = await enterCode(user, started.user_code.toLowerCase().replace('-', ' '));
    expect(again.status).toBe(400);
    expect(again.text).toContain('This code was already used');
    // A consent page answered after the code was spent elsewhere changes nothing either.
    const second = await startDevice(as, cli);
    const [firstPage, secondPage] = [await enterCode(user, second.user_code), await enterCode(dev, second.user_code)];
    expect((await answer(user, firstPage.text, 'allow')).text).toContain('Device connected');
    const late = await answer(dev, secondPage.text, 'allow');
    expect(late.status).toBe(400);
    expect(late.text).toContain('This code was already used');
    const tokens = await poll(as, cli, second.device_code);
    expect(typeof tokens === 'string' ? tokens : 'tokens').toBe('tokens');
    const profile = await supertest(gatehouse.url)
      .get('/oauth2/resource/profile')
      .set('Authorization', `Bearer ${(tokens as oauth.TokenEndpointResponse).access_token}`)
      .expect(200);
    expect(profile.body.username).toBe('Deviceuser');
  });

  it("audits the approval as a grant acceptance, listed under the person's grants", async () => {
    const grants = await user.agent.get('/api/me/grants').expect(200);
    expect(JSON.stringify(grants.body)).toContain('Command-line tool');
  });

  it('throttles code guessing per session, saying when to retry', async () => {
    const guesser = await createSignedInUser(gatehouse, 'Deviceguesser');
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await enterCode(guesser, 'BCDF-GHJK');
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('This code is wrong or has expired');
    }
    // Locked now, even for a right code.
    const started = await startDevice(as, cli);
    const locked = await enterCode(guesser, started.user_code);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    expect(locked.text).toMatch(/Try again in \d+ seconds/);
    // Another person, from the same address, still gets in.
    expect((await enterCode(user, started.user_code)).status).toBe(200);
  });

  it('expires device codes after expires_in (expired_token)', async () => {
    const shortLived = await startTestApp({
      shareWith: gatehouse,
      env: { ...DEVICE_ENABLED, OAUTH2_DEVICE_CODE_LIFETIME: 'PT1S' },
    });
    try {
      const shortAs = await discover(shortLived);
      const started = await startDevice(shortAs, cli);
      expect(started.expires_in).toBe(1);
      await pause(1.5);
      expect(await poll(shortAs, cli, started.device_code)).toBe('expired_token');
    } finally {
      await shortLived.close();
    }
  });

  it('lets developers register for the grant: JSON API (no callback needed), pages, /oauth2/client', async () => {
    const created = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        oauthVersion: 2,
        name: 'Kiosk',
        version: '1.0',
        description: 'A kiosk, which has no callback',
        email: dev.email,
        grants: ['basic'],
        oauth2IsConfidential: false,
        oauth2GrantTypes: [DEVICE_GRANT],
      })
      .expect(201);
    const key = (created.body as { consumer: { consumerKey: string } }).consumer.consumerKey;
    expect((await gatehouse.http().get(`/api/consumers/${key}`).expect(200)).body.oauth2GrantTypes).toEqual([
      DEVICE_GRANT,
    ]);
    // The admin reviewing it sees the grant type.
    const review = await admin.agent.get(`/admin/consumers/${key}`).expect(200);
    expect(review.text).toContain(DEVICE_GRANT);
    // The registration page offers it where enabled.
    const form = await dev.agent.get('/consumers/register/oauth2').expect(200);
    expect(form.text).toContain(`value="${DEVICE_GRANT}"`);
    // MediaWiki's REST registration takes it as a grant type too.
    const rest = await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        name: 'REST device',
        description: 'Registered over REST',
        callback_url: 'https://rest.example/callback',
        email: dev.email,
        is_confidential: false,
        grant_types: [DEVICE_GRANT, 'refresh_token'],
        scopes: ['basic'],
      })
      .expect(200);
    const restDetail = await gatehouse
      .http()
      .get(`/api/consumers/${rest.body.client_key as string}`)
      .expect(200);
    expect(restDetail.body.oauth2GrantTypes).toEqual([DEVICE_GRANT, 'refresh_token']);
  });

  it('documents the endpoint in Swagger', async () => {
    const document = await gatehouse.http().get('/docs-json').expect(200);
    expect(document.body.paths['/oauth2/device_authorization']).toBeDefined();
  });

  it('advertises no device endpoint where the grant is not enabled', async () => {
    const plain = await startTestApp({
      shareWith: gatehouse,
      env: { OAUTH2_ENABLED_GRANT_TYPES: 'authorization_code,refresh_token,client_credentials' },
    });
    try {
      const metadata = await plain.http().get('/.well-known/oauth-authorization-server').expect(200);
      expect(metadata.body.device_authorization_endpoint).toBeUndefined();
      expect(metadata.body.grant_types_supported).not.toContain(DEVICE_GRANT);
      const refused = await postForm(plain, '/oauth2/device_authorization', { scope: 'basic' }, cli.registered);
      expect(refused.status).toBe(404);
      const onPlain = await signIn(plain, 'Deviceuser', 'Deviceuser-password-1');
      await onPlain.agent.get('/device').expect(404);
      const form = await onPlain.agent.get('/consumers/register/oauth2').expect(200);
      expect(form.text).not.toContain(DEVICE_GRANT);
      const refusedProposal = await onPlain.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', onPlain.csrfToken)
        .send({
          oauthVersion: 2,
          name: 'Kiosk on a plain server',
          version: '1.0',
          description: 'd',
          email: 'deviceuser@example.com',
          grants: ['basic'],
          oauth2IsConfidential: false,
          oauth2GrantTypes: [DEVICE_GRANT],
        });
      expect(refusedProposal.status).toBe(400);
    } finally {
      await plain.close();
    }
  });

  describe.skipIf(missingComponent('chromium'))('in the browser', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('runs the whole flow: sign in, enter the code, consent, tokens with an ID token', async () => {
      const started = await startDevice(as, tv, 'openid basic offline_access');
      expect(await poll(as, tv, started.device_code)).toBe('authorization_pending');

      const page = await newPerson(browser, gatehouse.url);
      // The person follows verification_uri_complete: signed out, they sign in first and come back.
      await page.goto(started.verification_uri_complete as string);
      expect(new URL(page.url()).pathname).toBe('/login');
      await fillSignInForm(page, 'Deviceuser', 'Deviceuser-password-1');
      expect(new URL(page.url()).pathname).toBe('/device');
      // Prefilled, never submitted for them (RFC 8628 §5.4).
      expect(await page.locator('#field-user_code').inputValue()).toBe(started.user_code);
      await clickButton(page, 'Continue');
      expect(await textOf(page, 'main')).toContain('Living room TV');
      await clickButton(page, 'Allow');
      expect(await textOf(page, 'main')).toContain('Return to your device');
      await page.context().close();

      await pause(1.1);
      const tokens = await poll(as, tv, started.device_code);
      if (typeof tokens === 'string') {
        throw new Error(`the device got ${tokens}`);
      }
      expect(tokens.token_type.toLowerCase()).toBe('bearer');
      expect(tokens.scope?.split(' ').sort()).toEqual(['basic', 'offline_access', 'openid']);
      expect(tokens.refresh_token).toBeDefined();
      // OpenID Connect: an ID Token as in the code flow, for the person who approved.
      const claims = oauth.getValidatedIdTokenClaims(tokens);
      expect(claims?.aud).toBe(tv.client.client_id);
      expect(claims?.sid).toBeDefined();
      // The answer is spent: polling again finds nothing.
      await pause(1.1);
      expect(await poll(as, tv, started.device_code)).toBe('invalid_grant');
    });
  });
});

/** Two instances on MariaDB + Redis: the single-use parts stay single use when both answer at once. */
describe.runIf(backend.redisUrl && backend.mysqlUrl)('OAuth 2.0 device flow across two instances', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ env: DEVICE_ENABLED });
    second = await startTestApp({ shareWith: first, env: { PUBLIC_URL: first.url } });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('lets exactly one of two concurrent approvals of a user code count, and one of two polls get tokens', async () => {
    const admin = await signIn(first, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(first, 'Twindevicedev');
    const person = await createSignedInUser(first, 'Twindeviceuser');
    const client = await registerOauth2Client(developer, admin, {
      name: 'Twin device',
      confidential: false,
      grantTypes: [DEVICE_GRANT],
    });
    const started = await postForm(first, '/oauth2/device_authorization', { scope: 'basic' }, client).expect(200);
    const { device_code: deviceCode, user_code: userCode } = started.body as { device_code: string; user_code: string };

    // Two sessions (of two people) reach the consent page for the same code, one on each instance.
    const onSecond = await signIn(second, 'Twindevicedev', 'Twindevicedev-password-1');
    const pages = [await enterCode(person, userCode), await enterCode(onSecond, userCode)];
    expect(pages.map((page) => page.status)).toEqual([200, 200]);
    const answers = await Promise.all([
      answer(person, pages[0].text, 'allow'),
      answer(onSecond, pages[1].text, 'allow'),
    ]);
    expect(answers.filter((page) => page.text.includes('Device connected'))).toHaveLength(1);
    expect(answers.filter((page) => page.text.includes('This code was already used'))).toHaveLength(1);

    const polls = await Promise.all(
      [first, second].map((instance) =>
        postForm(instance, '/oauth2/token', { grant_type: DEVICE_GRANT, device_code: deviceCode }, client),
      ),
    );
    expect(polls.filter((polled) => polled.status === 200)).toHaveLength(1);
    const loser = polls.find((polled) => polled.status !== 200);
    expect(['authorization_pending', 'slow_down', 'invalid_grant']).toContain(loser?.body.error);
  });
});
