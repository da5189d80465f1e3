import type { Browser } from 'playwright-core';
import { clickButton, launchChromium, newPerson, textOf } from './support/browser';
import { pkcePair, registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { freePort } from './support/test-environment';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { corpProvider, UpstreamProvider } from './support/upstream-provider';
import { createSignedInUser } from './support/users';

const WENDY = {
  preferred_username: 'Wendy',
  name: 'Wendy Upstream',
  email: 'wendy@corp.example',
  email_verified: true,
};

/**
 * Issue 22 §2 in a real Chromium: an app sends a person to Gatehouse's OAuth 2 consent; they are not signed in, so
 * they click "Sign in with Corp SSO", sign in at the upstream provider (`oidc-provider`'s own pages), and land on
 * Gatehouse's consent page as the account linked to them.
 */
describe.skipIf(missingComponent('chromium'))('upstream OpenID Connect sign-in in the browser', () => {
  let browser: Browser;
  let upstream: UpstreamProvider;
  let gatehouse: TestApp;

  beforeAll(async () => {
    browser = await launchChromium();
    const port = await freePort();
    gatehouse = await startTestApp({
      env: {
        UPSTREAM_OIDC_PROVIDERS: corpProvider(port),
      },
    });
    upstream = await UpstreamProvider.start(port, `${gatehouse.url}/login/upstream/corp/callback`, { wendy: WENDY });
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.close();
    await upstream?.stop();
  });

  it('signs in through the upstream provider and reaches the OAuth 2 consent page as the linked user', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Brokerdev');
    const appName = 'App for brokered people';
    const client = await registerOauth2Client(developer, admin, { name: appName });

    const person = await newPerson(browser, gatehouse.url);
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: 'https://app.example/callback',
      state: 'brokered-1',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    });
    await person.goto(`/oauth2/authorize?${query.toString()}`);
    await person.waitForURL('**/login?returnTo=**');
    await clickButton(person, 'Sign in with Corp SSO');

    // oidc-provider's development sign-in page, then its consent page.
    await person.waitForURL(`${upstream.issuer}/interaction/**`);
    await person.locator('input[name="login"]').fill('wendy');
    await person.locator('input[name="password"]').fill('any-password');
    await clickButton(person, 'Sign-in');
    await clickButton(person, 'Continue');

    await person.waitForURL(`${gatehouse.url}/oauth2/authorize?**`);
    expect(await textOf(person, 'h1')).toBe(`Allow ${appName} to use your account?`);
    expect(await textOf(person, '.gh-account')).toContain('Signed in as Wendy');

    const me = (await (await person.request.get('/api/me')).json()) as { id: number };
    const shown = await admin.agent.get(`/api/admin/users/${me.id}`).expect(200);
    expect(shown.body).toMatchObject({ source: { kind: 'upstream', provider: 'oidc:corp', subject: 'wendy' } });
  });
});
