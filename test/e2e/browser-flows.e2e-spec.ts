import { jwtVerify } from 'jose';
import type { Browser, Page } from 'playwright-core';
import supertest from 'supertest';
import {
  type CallbackServer,
  clickButton,
  fillSignInForm,
  launchChromium,
  newPerson,
  openPage,
  signInInBrowser,
  startCallbackServer,
  textOf,
} from './support/browser';
import { type Oauth1Credentials, sendSigned } from './support/oauth1-client';
import { pkcePair, postForm, registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

const INITIATE = '/w/index.php?title=Special:OAuth/initiate';
const TOKEN = '/w/index.php?title=Special:OAuth/token';
const IDENTIFY = '/w/index.php?title=Special:OAuth/identify';

/** The password `createSignedInUser` gives an account. */
const passwordOf = (name: string) => `${name}-password-1`;

/** A value an earlier step of the same story produces; a clear message when that step failed. */
function produced<T>(value: T | undefined, step: string): T {
  if (value === undefined) {
    throw new Error(`needs the earlier step "${step}", which failed`);
  }
  return value;
}

/**
 * The stories of issue 7 in a real Chromium: every step a person takes is a click or a keystroke in their own
 * browser (own cookies); only the app's server-side calls (token exchange, signed OAuth 1 calls) are plain HTTP.
 * Accounts are set up through the admin API, as an operator would before people arrive.
 */
describe.skipIf(missingComponent('chromium'))('in the browser', () => {
  let gatehouse: TestApp;
  let browser: Browser;
  let callback: CallbackServer;

  beforeAll(async () => {
    browser = await launchChromium();
    gatehouse = await startTestApp();
    callback = await startCallbackServer();
    for (const name of ['Appdev', 'Reader', 'Wikidev', 'Wikireader', 'Decliner']) {
      await createSignedInUser(gatehouse, name);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await gatehouse?.close();
  });

  /** A person's browser, signed in through the login form. */
  async function signedInPerson(name: string, password = passwordOf(name)): Promise<Page> {
    const page = await newPerson(browser, gatehouse.url);
    await signInInBrowser(page, gatehouse.url, name, password);
    expect(await textOf(page, '.gh-account')).toContain(`Signed in as ${name}`);
    return page;
  }

  /** Registers an app in the form at `/consumers/register/<protocol>`; answers what the one-time page shows. */
  async function registerInForm(
    developer: Page,
    protocol: 'oauth1' | 'oauth2',
    fields: { name: string; callbackUrl: string },
  ): Promise<{ key: string; secret: string }> {
    await openPage(developer, '/consumers/register');
    await developer
      .getByRole('link', {
        name: protocol === 'oauth2' ? 'Register an OAuth 2.0 client' : 'Register an OAuth 1.0a consumer',
      })
      .click();
    await developer.waitForURL(`**/consumers/register/${protocol}`);
    await developer.locator('[name="name"]').fill(fields.name);
    await developer.locator('[name="version"]').fill('1.0');
    await developer.locator('[name="description"]').fill(`${fields.name}, tried in a real browser`);
    await developer.locator('[name="callbackUrl"]').fill(fields.callbackUrl);
    expect(await developer.locator('[name="email"]').inputValue()).toMatch(/@example\.com$/);
    expect(await developer.locator('input[name="grants"][value="basic"]').isChecked()).toBe(true);
    if (protocol === 'oauth2') {
      expect(await developer.locator('[name="oauth2IsConfidential"]').isChecked()).toBe(true);
      await developer.locator('input[name="oauth2GrantTypes"][value="authorization_code"]').check();
    }
    await clickButton(developer, 'Register');
    await developer.waitForURL('**/consumers/registered/**');
    const key = await textOf(developer, '#secret-key');
    const secret = await textOf(developer, '#secret-secret');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(secret).not.toBe('');
    expect(developer.url()).not.toContain(secret);
    // shown once: the same address again is a 404 page
    expect((await developer.reload())?.status()).toBe(404);
    return { key, secret };
  }

  /** The admin opens the review queue, follows the app's link and approves it with a reason. */
  async function approveInQueue(admin: Page, key: string, name: string): Promise<void> {
    await openPage(admin, '/admin/consumers');
    const link = admin.locator(`a[href="/admin/consumers/${key}"]`);
    expect(await link.innerText()).toContain(name);
    await link.click();
    await admin.waitForURL(`**/admin/consumers/${key}`);
    await admin.locator('input[name="action"][value="approve"]').check();
    await admin.locator('[name="reason"]').fill('Looks fine, tried in a browser');
    await clickButton(admin, 'Submit');
    expect(admin.url()).toBe(`${gatehouse.url}/admin/consumers/${key}?done=approve`);
  }

  /** The user opens "My grants", manages their only authorization and revokes it. */
  async function revokeInMyGrants(user: Page, appName: string): Promise<void> {
    await openPage(user, '/grants');
    expect(await textOf(user, 'main')).toContain(appName);
    const manage = user.locator('main a[href^="/grants/"]');
    expect(await manage.count()).toBe(1);
    await manage.click();
    await user.waitForURL(/\/grants\/\d+$/);
    expect(await textOf(user, 'main')).toContain(appName);
    await clickButton(user, 'Revoke');
    expect(user.url()).toBe(`${gatehouse.url}/grants?done=revoked`);
    expect(await textOf(user, 'main')).not.toContain(appName);
  }

  /**
   * The developer's inbox once the approval's notification has arrived (it is written after the admin's answer,
   * so the page is reloaded until the header badge shows it).
   */
  async function openInboxWithUnread(developer: Page): Promise<void> {
    await expect
      .poll(
        async () => {
          await openPage(developer, '/notifications');
          return developer.locator('.gh-badge').count();
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    expect(Number(await textOf(developer, '.gh-badge'))).toBeGreaterThanOrEqual(1);
  }

  describe('an OAuth 2 app', () => {
    const appName = 'Browser OAuth 2 app';
    let developer: Page;
    let client: { key: string; secret: string } | undefined;
    let approved: typeof client;
    let accessToken: string | undefined;

    const profile = (token: string) =>
      supertest(gatehouse.url).get('/oauth2/resource/profile').set('Authorization', `Bearer ${token}`);

    it('is registered by a developer in the form, who is shown its key and secret once', async () => {
      developer = await signedInPerson('Appdev');
      client = await registerInForm(developer, 'oauth2', { name: appName, callbackUrl: callback.url });
    });

    it('is approved by an admin in the review queue', async () => {
      const { key } = produced(client, 'registered');
      const admin = await signedInPerson(ADMIN.username, ADMIN.password);
      await approveInQueue(admin, key, appName);
      approved = client;
    });

    it('is authorized by a user on the consent page through a code flow with PKCE', async () => {
      const { key, secret } = produced(approved, 'approved');
      const user = await newPerson(browser, gatehouse.url);
      const { verifier, challenge } = pkcePair();
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: key,
        redirect_uri: callback.url,
        state: 'browser-state-1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      await user.goto(`/oauth2/authorize?${query.toString()}`);
      await user.waitForURL('**/login?returnTo=**');
      await fillSignInForm(user, 'Reader', passwordOf('Reader'));
      expect(await textOf(user, 'h1')).toBe(`Allow ${appName} to use your account?`);
      await clickButton(user, 'Allow');
      await user.waitForURL(`${callback.url}?**`);
      const landed = callback.received.at(-1);
      expect(landed?.searchParams.get('state')).toBe('browser-state-1');
      const code = landed?.searchParams.get('code') ?? '';
      expect(code).not.toBe('');

      // the app's server exchanges the code with its secret
      const tokens = await postForm(
        gatehouse,
        '/oauth2/token',
        { grant_type: 'authorization_code', code, redirect_uri: callback.url, code_verifier: verifier },
        { clientId: key, secret },
      ).expect(200);
      accessToken = tokens.body.access_token as string;
      const me = await profile(accessToken).expect(200);
      expect(me.body).toMatchObject({ username: 'Reader' });
    });

    it('is revoked by the user under "My grants", and its token stops working', async () => {
      const token = produced(accessToken, 'authorized');
      const user = await signedInPerson('Reader');
      await revokeInMyGrants(user, appName);
      await profile(token).expect(401);
    });

    it("tells its owner of the approval, in the inbox and the header's badge", async () => {
      produced(approved, 'approved');
      await openInboxWithUnread(developer);
      expect(await textOf(developer, 'main')).toContain(appName);
      expect(await textOf(developer, 'main')).toContain('approved');
      await clickButton(developer, 'Mark all as read');
      expect(developer.url()).toMatch(/\/notifications(\?.*)?$/);
      expect(await developer.locator('.gh-badge').count()).toBe(0);
    });
  });

  describe('an OAuth 1.0a app, through the MediaWiki-compatible paths', () => {
    const appName = 'Browser wiki tool';
    let developer: Page;
    let consumer: Oauth1Credentials | undefined;
    let approved: typeof consumer;
    let access: Oauth1Credentials | undefined;

    /** `Special:OAuth/identify` signed with the access token; answers the status and the bare JWT it returns. */
    const identify = async (credentials: Oauth1Credentials) => {
      const response = await sendSigned(gatehouse.url, credentials, { method: 'GET', target: IDENTIFY })
        .buffer(true)
        .parse((answer, done) => {
          let text = '';
          answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
          answer.on('end', () => done(null, text));
        });
      return { status: response.status, jwt: response.body as string };
    };

    it('is registered by a developer in the form', async () => {
      developer = await signedInPerson('Wikidev');
      const { key, secret } = await registerInForm(developer, 'oauth1', {
        name: appName,
        // an `oob` app: the user is shown the verifier on Gatehouse's own page
        callbackUrl: `${gatehouse.url}/wiki/Special:OAuth/verified`,
      });
      consumer = { consumerKey: key, consumerSecret: secret };
    });

    it('is approved by an admin in the review queue', async () => {
      const { consumerKey } = produced(consumer, 'registered');
      const admin = await signedInPerson(ADMIN.username, ADMIN.password);
      await approveInQueue(admin, consumerKey, appName);
      approved = consumer;
    });

    it('is authorized by a user: initiate, the consent page, the verifier, token, identify', async () => {
      const app = produced(approved, 'approved');
      const initiated = await sendSigned(gatehouse.url, app, {
        method: 'POST',
        target: INITIATE,
        extra: { oauth_callback: 'oob' },
      }).expect(200);
      const request = Object.fromEntries(new URLSearchParams(initiated.text));

      const user = await newPerson(browser, gatehouse.url);
      const query = new URLSearchParams({ oauth_token: request.oauth_token, oauth_consumer_key: app.consumerKey });
      const verifier = await allowInBrowser(user, `/wiki/Special:OAuth/authorize?${query.toString()}`, 'Wikireader');

      const exchanged = await sendSigned(
        gatehouse.url,
        { ...app, token: request.oauth_token, tokenSecret: request.oauth_token_secret },
        { method: 'POST', target: TOKEN, extra: { oauth_verifier: verifier } },
      ).expect(200);
      const credentials = Object.fromEntries(new URLSearchParams(exchanged.text));
      access = { ...app, token: credentials.oauth_token, tokenSecret: credentials.oauth_token_secret };
      const identity = await identify(access);
      expect(identity.status).toBe(200);
      const { payload } = await jwtVerify(identity.jwt, new TextEncoder().encode(app.consumerSecret), {
        issuer: gatehouse.url,
        audience: app.consumerKey,
      });
      expect(payload).toMatchObject({ username: 'Wikireader' });
    });

    it('is revoked by the user under "My grants", and its access token then fails', async () => {
      const credentials = produced(access, 'authorized');
      const user = await signedInPerson('Wikireader');
      await revokeInMyGrants(user, appName);
      expect((await identify(credentials)).status).toBe(401);
      await sendSigned(gatehouse.url, credentials, { method: 'GET', target: '/api/me' }).expect(401);
    });

    it('tells its owner of the approval, who marks it read', async () => {
      produced(approved, 'approved');
      await openInboxWithUnread(developer);
      expect(await textOf(developer, 'main')).toContain(appName);
      await clickButton(developer, 'Mark as read');
      expect(await developer.locator('.gh-badge').count()).toBe(0);
    });
  });

  /**
   * The consent dialog of `user` for an OAuth 1 request token at `path`: signs in on the way, clicks "Allow", and
   * answers the verifier the `verified` page shows (the same one its address carries).
   */
  async function allowInBrowser(user: Page, path: string, name: string): Promise<string> {
    await user.goto(path);
    if (new URL(user.url()).pathname === '/login') {
      await fillSignInForm(user, name, passwordOf(name));
    }
    await clickButton(user, 'Allow');
    await user.waitForURL('**/Special:OAuth/verified?**');
    expect(await textOf(user, 'h1')).toBe('Authorization complete');
    const verifier = await textOf(user, '#secret-verifier');
    expect(verifier).toMatch(/^[0-9a-f]{32}$/);
    expect(new URL(user.url()).searchParams.get('oauth_verifier')).toBe(verifier);
    return verifier;
  }

  describe('a person who changes their mind', () => {
    it('signs in from the home page, and out again', async () => {
      const page = await newPerson(browser, gatehouse.url);
      await openPage(page, '/');
      await page.locator('main').getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL('**/login');
      await fillSignInForm(page, 'Decliner', 'not-the-password');
      expect(await textOf(page, '[role="alert"]')).toBe('Incorrect user name or password');
      expect(await page.locator('#username').inputValue()).toBe('Decliner');
      await page.locator('#password').fill(passwordOf('Decliner'));
      await clickButton(page, 'Sign in');
      expect(page.url()).toBe(`${gatehouse.url}/`);
      expect(await textOf(page, 'main')).toContain('You are signed in as Decliner.');
      await clickButton(page, 'Sign out');
      expect(await textOf(page, '.gh-account')).toBe('Sign in');
    });

    it('cancels on the OAuth 2 consent page, and the app is told access_denied', async () => {
      const [developer, admin] = await Promise.all([
        createSignedInUser(gatehouse, 'Otherdev'),
        signIn(gatehouse, ADMIN.username, ADMIN.password),
      ]);
      const client = await registerOauth2Client(developer, admin, { name: 'Declined app', callbackUrl: callback.url });
      const user = await newPerson(browser, gatehouse.url);
      const { challenge } = pkcePair();
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: client.clientId,
        redirect_uri: callback.url,
        state: 'declined-1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      await user.goto(`/oauth2/authorize?${query.toString()}`);
      await fillSignInForm(user, 'Decliner', passwordOf('Decliner'));
      expect(await textOf(user, 'main')).toContain('Declined app');
      await clickButton(user, 'Cancel');
      await user.waitForURL(`${callback.url}?**`);
      const landed = callback.received.at(-1);
      expect(landed?.searchParams.get('error')).toBe('access_denied');
      expect(landed?.searchParams.get('state')).toBe('declined-1');
      expect(landed?.searchParams.has('code')).toBe(false);
    });

    it('cancels on the OAuth 1 consent page, then allows a new request and is shown the verifier', async () => {
      const developer = await createSignedInUser(gatehouse, 'Otherwikidev');
      const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      const created = await developer.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', developer.csrfToken)
        .send({
          oauthVersion: 1,
          name: 'Hesitant tool',
          version: '1.0',
          description: 'An oob tool',
          callbackUrl: `${gatehouse.url}/wiki/Special:OAuth/verified`,
          email: developer.email,
          grants: ['basic'],
        })
        .expect(201);
      const app: Oauth1Credentials = {
        consumerKey: created.body.consumer.consumerKey,
        consumerSecret: created.body.secret,
      };
      await admin.agent
        .post(`/api/admin/consumers/${app.consumerKey}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'ok' })
        .expect(200);
      const requestToken = async () => {
        const initiated = await sendSigned(gatehouse.url, app, {
          method: 'POST',
          target: INITIATE,
          extra: { oauth_callback: 'oob' },
        }).expect(200);
        return new URLSearchParams(initiated.text).get('oauth_token') ?? '';
      };
      const authorizePath = (token: string) =>
        `/wiki/Special:OAuth/authorize?${new URLSearchParams({ oauth_token: token, oauth_consumer_key: app.consumerKey }).toString()}`;

      const user = await signedInPerson('Decliner');
      await user.goto(authorizePath(await requestToken()));
      expect(await textOf(user, 'main')).toContain('Hesitant tool');
      await clickButton(user, 'Cancel');
      expect(await textOf(user, 'h1')).toBe('Authorization cancelled');
      expect(await textOf(user, 'main')).toContain('"Hesitant tool" will not work unless you allow it');

      await allowInBrowser(user, authorizePath(await requestToken()), 'Decliner');
    });
  });
});
