import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import supertest from 'supertest';
import { onTestFailed } from 'vitest';
import {
  API_PATH,
  APP_PATH,
  ApacheProcess,
  type Received,
  apacheOpenidcConfig,
  redirectUri,
  startUpstream,
} from './support/apache-openidc';
import { decodeJwt } from 'jose';
import {
  type CallbackServer,
  clickButton,
  fillSignInForm,
  launchChromium,
  newPerson,
  startCallbackServer,
  textOf,
} from './support/browser';
import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { freePort, uniqueSuffix } from './support/test-environment';
import { createSignedInUser } from './support/users';
import { WebhookReceiver } from './support/webhook-receiver';

const RELYING_PARTY_NAME = 'Apache web app';
/** Where the module's logout sends the browser in the end: a post-logout redirect URI the app registered. */
const LOGGED_OUT_PATH = '/logged-out';

/**
 * Issue 13's interop test: Debian's Apache with mod_auth_openidc, configured as its documentation says, in front of
 * a small app: as an OpenID Connect relying party for its pages (a real Chromium signs in at Gatehouse), and as an
 * OAuth 2.0 resource server for its API (RFC 7662 introspection with a client holding `introspect`). `npm test`
 * installs Apache, the module and Chromium where it may and skips this only where it cannot (never under CI).
 */
describe.skipIf(missingComponent('apache2-openidc') || missingComponent('chromium'))(
  'mod_auth_openidc in Apache in front of an app',
  () => {
    let gatehouse: TestApp;
    let upstream: { server: Server; received: Received[] };
    let apache: ApacheProcess;
    let apacheUrl: string;
    let browser: Browser;
    let user: SignedIn;
    let apiClient: Oauth2Client;
    /** A second relying party, with a back-channel logout receiver, which the same session signs into. */
    let otherApp: Oauth2Client;
    let otherCallback: CallbackServer;
    let otherReceiver: WebhookReceiver;

    beforeAll(async () => {
      gatehouse = await startTestApp();
      upstream = await startUpstream();
      const apachePort = await freePort();
      apacheUrl = `http://127.0.0.1:${apachePort}`;

      const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      const dev = await createSignedInUser(gatehouse, 'Apachedev');
      user = await createSignedInUser(gatehouse, 'Apacheuser');
      const relyingParty = await registerOauth2Client(dev, admin, {
        name: RELYING_PARTY_NAME,
        grants: ['openid', 'profile', 'email'],
        grantTypes: ['authorization_code'],
        callbackUrl: redirectUri(apachePort),
        postLogoutRedirectUris: [`${apacheUrl}${LOGGED_OUT_PATH}`],
      });
      otherCallback = await startCallbackServer();
      otherReceiver = await WebhookReceiver.create('unused');
      await otherReceiver.start();
      otherApp = await registerOauth2Client(dev, admin, {
        name: 'Second web app',
        grants: ['openid'],
        grantTypes: ['authorization_code'],
        callbackUrl: otherCallback.url,
        backchannelLogoutUri: otherReceiver.url,
      });
      const resourceServer = await registerOauth2Client(dev, admin, {
        name: 'Apache API',
        grants: ['basic', 'introspect'],
        grantTypes: ['client_credentials'],
      });
      apiClient = await registerOauth2Client(dev, admin, { name: 'Client of the Apache API' });

      apache = await ApacheProcess.start(
        apacheOpenidcConfig({
          port: apachePort,
          upstreamPort: (upstream.server.address() as AddressInfo).port,
          issuer: gatehouse.url,
          relyingParty: { clientId: relyingParty.clientId, secret: relyingParty.secret as string },
          resourceServer: { clientId: resourceServer.clientId, secret: resourceServer.secret as string },
          cryptoPassphrase: `apache-openidc-${uniqueSuffix()}`,
        }),
        apachePort,
      );
      browser = await launchChromium();
    });

    beforeEach(() => {
      // What the module logged is what tells why it refused Gatehouse's answer.
      onTestFailed(() => {
        process.stderr.write(`Apache's error log:\n${apache.log()}\n`);
      });
    });

    afterAll(async () => {
      await otherReceiver?.stop();
      await otherCallback?.close();
      await browser?.close();
      await apache?.stop();
      if (upstream) {
        upstream.server.closeAllConnections();
        await new Promise((resolve) => upstream.server.close(resolve));
      }
      await gatehouse?.close();
    });

    const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

    it('signs a person in at Gatehouse and shows the app their preferred_username', async () => {
      const person = await newPerson(browser, apacheUrl);
      await person.goto(APP_PATH);
      await person.waitForURL(`${gatehouse.url}/login?returnTo=**`);
      await fillSignInForm(person, 'Apacheuser', 'Apacheuser-password-1');
      expect(await textOf(person, 'h1')).toBe(`Allow ${RELYING_PARTY_NAME} to use your account?`);
      await clickButton(person, 'Allow');
      await person.waitForURL(`${apacheUrl}${APP_PATH}`);
      expect(await textOf(person, '#preferred-username')).toBe('Apacheuser');
      expect(await textOf(person, '#remote-user')).toBe('Apacheuser');
      expect(upstream.received.at(-1)?.headers).toMatchObject({
        oidc_claim_sub: String(user.user.id),
        oidc_claim_email: 'apacheuser@example.com',
      });

      // The module's session cookie now stands for the person: no new trip to Gatehouse.
      const before = upstream.received.length;
      await person.goto(`${APP_PATH}another-page`);
      expect(person.url()).toBe(`${apacheUrl}${APP_PATH}another-page`);
      expect(await textOf(person, '#preferred-username')).toBe('Apacheuser');
      expect(upstream.received.length).toBe(before + 1);
    });

    it('lets a valid bearer token through to the API, and refuses it once revoked (RFC 7009)', async () => {
      const tokens = await userTokens(gatehouse, user, apiClient);
      const through = await supertest(apacheUrl)
        .get(`${API_PATH}things`)
        .set({ ...bearer(tokens.access_token), 'X-Remote-User': ADMIN.username })
        .expect(200);
      // The user Gatehouse's introspection answer names, not the one the client claimed.
      expect((through.body as Received).headers['x-remote-user']).toBe('Apacheuser');

      await postForm(gatehouse, '/oauth2/revoke', { token: tokens.access_token }, apiClient).expect(200);
      const before = upstream.received.length;
      const refused = await supertest(apacheUrl).get(`${API_PATH}things`).set(bearer(tokens.access_token)).expect(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
      expect(upstream.received.length).toBe(before);
    });

    it('refuses the API without a bearer token', async () => {
      const refused = await supertest(apacheUrl).get(`${API_PATH}things`).expect(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('signs out through the module: the Gatehouse session ends and another app gets its logout token', async () => {
      const person = await newPerson(browser, apacheUrl);
      await person.goto(APP_PATH);
      await person.waitForURL(`${gatehouse.url}/login?returnTo=**`);
      await fillSignInForm(person, 'Apacheuser', 'Apacheuser-password-1');
      if (person.url().startsWith(`${gatehouse.url}/oauth2/authorize`)) {
        await clickButton(person, 'Allow');
      }
      await person.waitForURL(`${apacheUrl}${APP_PATH}`);

      // The same Gatehouse session signs into the second app, which exchanges its code (that records the sign-in).
      const authorization = new URL('/oauth2/authorize', gatehouse.url);
      authorization.search = new URLSearchParams({
        response_type: 'code',
        client_id: otherApp.clientId,
        redirect_uri: otherCallback.url,
        scope: 'openid',
        state: 'second',
      }).toString();
      await person.goto(authorization.toString());
      await clickButton(person, 'Allow');
      await person.waitForURL(`${otherCallback.url}?**`);
      const code = otherCallback.received.at(-1)?.searchParams.get('code') as string;
      const exchanged = await postForm(
        gatehouse,
        '/oauth2/token',
        { grant_type: 'authorization_code', code, redirect_uri: otherCallback.url },
        otherApp,
      ).expect(200);
      const otherIdToken = decodeJwt((exchanged.body as { id_token: string }).id_token);

      // mod_auth_openidc's logout: its own session, then Gatehouse's end_session_endpoint with the ID Token as hint.
      const loggedOut = `${apacheUrl}${LOGGED_OUT_PATH}`;
      await person.goto(`${APP_PATH}redirect_uri?logout=${encodeURIComponent(loggedOut)}`);
      await person.waitForURL(`${loggedOut}**`);
      expect((await person.context().request.get(`${gatehouse.url}/api/me`)).status()).toBe(401);
      await person.goto(APP_PATH);
      await person.waitForURL(`${gatehouse.url}/login?returnTo=**`);

      const [delivery] = await otherReceiver.waitForDelivered(1);
      const logoutToken = decodeJwt(new URLSearchParams(delivery.body).get('logout_token') as string);
      expect(logoutToken).toMatchObject({
        iss: gatehouse.url,
        aud: otherApp.clientId,
        sub: String(user.user.id),
        sid: otherIdToken.sid,
      });
    });
  },
);
