import { generateSync } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { blockingViolations, describeViolations } from './support/axe';
import { tIn } from '../../src/common/messages/catalogue';
import { EN } from '../../src/common/messages/en';
import { type CallbackServer, launchChromium, startCallbackServer } from './support/browser';
import { type Oauth1Credentials, approvedOauth1Consumer, sendSigned } from './support/oauth1-client';
import {
  type Oauth2Client,
  consentFields,
  pkcePair,
  postForm,
  registerOauth2Client,
  userTokens,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** The languages issue 16 ships: the source, one CJK and one right-to-left. */
const LANGUAGES = ['en', 'ja', 'he'] as const;
type Language = (typeof LANGUAGES)[number];

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const INITIATE = '/w/index.php?title=Special:OAuth/initiate';

/** The people who see the pages; each has a browser of their own per language. */
type Role = 'visitor' | 'developer' | 'admin' | 'reader' | 'totp' | 'enroller';

interface Visit {
  name: string;
  as: Role;
  /** Brings the page to the state to check; `at` adds `uselang` to a path. */
  open: (page: Page, at: (path: string) => string) => Promise<void>;
}

/** `path` with `uselang=<lang>` added to its query (MediaWiki's override of every other language choice). */
function withLanguage(path: string, lang: Language): string {
  const url = new URL(path, 'http://gatehouse.invalid');
  url.searchParams.set('uselang', lang);
  return `${url.pathname}${url.search}`;
}

/** The language of the visit under way: the buttons a visit presses are named in it. */
let visitLanguage: Language = 'en';

/**
 * Clicks the button the English catalogue names `label`, as it reads in the visit's language, and waits for the page
 * it leads to. Several keys may say the same in English; the button is any of their translations.
 */
async function clickButton(page: Page, label: string): Promise<void> {
  const keys = Object.entries(EN)
    .filter(([, english]) => english === label)
    .map(([key]) => key as keyof typeof EN);
  expect(keys.length, `no message says "${label}"`).toBeGreaterThan(0);
  const names = [...new Set(keys.map((key) => tIn(visitLanguage, key)))];
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  await page
    .getByRole('button', { name: new RegExp(`^(${escaped.join('|')})$`) })
    .first()
    .click();
  await page.waitForLoadState('load');
}

/** Fills the sign-in form the page shows and sends it, in whatever language it speaks. */
async function fillSignInForm(page: Page, username: string, password: string): Promise<void> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForLoadState('load');
}

/** Turns off the browser's own checks, so the server's errors (the ones the page shows) are what comes back. */
async function withoutBrowserValidation(page: Page): Promise<void> {
  await page.evaluate("document.querySelectorAll('form').forEach((form) => { form.noValidate = true; })");
}

/**
 * Issue 16 item 5: axe-core, run inside Chromium, finds no serious or critical violation on any page Gatehouse
 * renders, in English, Japanese and Hebrew, including forms sent back with errors and the one-time pages.
 */
describe.skipIf(missingComponent('chromium'))('axe-core on every page', () => {
  let gatehouse: TestApp;
  let browser: Browser;
  let callback: CallbackServer;
  let admin: SignedIn;
  let developer: SignedIn & { email: string };
  let webApp: Oauth2Client;
  let tv: Oauth2Client;
  let wikiTool: Oauth1Credentials;
  let oobTool: Oauth1Credentials;
  let proposedKey: string;
  let readerId: number;
  let totpSecret: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    callback = await startCallbackServer();
    gatehouse = await startTestApp({
      env: { OAUTH2_ENABLED_GRANT_TYPES: `authorization_code,refresh_token,client_credentials,${DEVICE_GRANT}` },
    });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    developer = await createSignedInUser(gatehouse, 'Axedev');
    const reader = await createSignedInUser(gatehouse, 'Axereader');
    readerId = reader.user.id;
    webApp = await registerOauth2Client(developer, admin, { name: 'Axe web app', callbackUrl: callback.url });
    tv = await registerOauth2Client(developer, admin, {
      name: 'Axe TV',
      confidential: false,
      grantTypes: [DEVICE_GRANT],
    });
    const proposed = await registerOauth2Client(developer, admin, { name: 'Axe proposal' }, false);
    proposedKey = proposed.clientId;
    wikiTool = await approvedOauth1Consumer(developer, admin, 'Axe wiki tool');
    oobTool = await oobConsumer();
    // an authorization for "My grants", and a notification (the approvals) for the developer's inbox
    await userTokens(gatehouse, reader, await registerOauth2Client(developer, admin, { name: 'Axe granted app' }));
    const totp = await createSignedInUser(gatehouse, 'Axetotp');
    totpSecret = (await totp.agent.post('/api/me/two-factor/totp').set('X-CSRF-Token', totp.csrfToken).expect(201)).body
      .secret as string;
    await totp.agent
      .post('/api/me/two-factor/totp/confirm')
      .set('X-CSRF-Token', totp.csrfToken)
      .send({ code: generateSync({ secret: totpSecret }) })
      .expect(200);
    await createSignedInUser(gatehouse, 'Axeenroller');
    // many accounts and apps, on a machine the other suites share
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await gatehouse?.close();
  });

  /** An OAuth 1 consumer with the `oob` callback, whose Allow ends on Gatehouse's verifier page. */
  async function oobConsumer(): Promise<Oauth1Credentials> {
    const created = await developer.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', developer.csrfToken)
      .send({
        oauthVersion: 1,
        name: 'Axe oob tool',
        version: '1.0',
        description: 'Shows the verifier',
        email: developer.email,
        grants: ['basic'],
        callbackUrl: `${gatehouse.url}/wiki/Special:OAuth/verified`,
      })
      .expect(201);
    const consumerKey = created.body.consumer.consumerKey as string;
    await admin.agent
      .post(`/api/admin/consumers/${consumerKey}/approve`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'ok' })
      .expect(200);
    return { consumerKey, consumerSecret: created.body.secret as string };
  }

  /** A fresh OAuth 1 request token of `consumer`, and the consent page's address for it. */
  async function oauth1ConsentPath(consumer: Oauth1Credentials): Promise<string> {
    const answer = await sendSigned(gatehouse.url, consumer, {
      method: 'POST',
      target: INITIATE,
      extra: { oauth_callback: 'oob' },
    }).expect(200);
    const token = new URLSearchParams(answer.text).get('oauth_token') ?? '';
    return `/wiki/Special:OAuth/authorize?${new URLSearchParams({ oauth_token: token, oauth_consumer_key: consumer.consumerKey }).toString()}`;
  }

  function oauth2ConsentPath(extra: Record<string, string> = {}): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: webApp.clientId,
      redirect_uri: callback.url,
      state: 'axe',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
    return `/oauth2/authorize?${query.toString()}`;
  }

  /** A device's fresh user code, as the TV shows it. */
  async function userCode(): Promise<string> {
    const started = await postForm(gatehouse, '/oauth2/device_authorization', { scope: 'basic' }, tv).expect(200);
    return started.body.user_code as string;
  }

  const ACCOUNTS: Record<Exclude<Role, 'visitor' | 'totp'>, { name: string; password: string }> = {
    developer: { name: 'Axedev', password: 'Axedev-password-1' },
    admin: { name: ADMIN.username, password: ADMIN.password },
    reader: { name: 'Axereader', password: 'Axereader-password-1' },
    enroller: { name: 'Axeenroller', password: 'Axeenroller-password-1' },
  };

  /**
   * A person's browser for one language: `Accept-Language` says the language too (for the pages a form leads to),
   * and the page's CSP is bypassed so axe can be injected. Signed in over the JSON API, which shares the cookies.
   */
  async function browse(role: Role, lang: Language): Promise<Page> {
    const context = await browser.newContext({ baseURL: gatehouse.url, locale: lang, bypassCSP: true });
    contexts.push(context);
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(20_000);
    if (role !== 'visitor' && role !== 'totp') {
      const { name, password } = ACCOUNTS[role];
      const login = await context.request.post('/api/auth/login', { data: { username: name, password } });
      expect(login.status(), `signing in ${name}`).toBe(200);
    }
    return context.newPage();
  }

  /**
   * Opens `path`; fails unless it answered a page (below 400), or an error page when `error` is set: an error page
   * in place of the page meant would pass axe and prove nothing.
   */
  async function go(page: Page, path: string, error = false): Promise<void> {
    const status = (await page.goto(path))?.status() ?? 0;
    expect(status >= 400, `GET ${path} answered ${status}`).toBe(error);
  }

  const VISITS: Visit[] = [
    { name: 'home, signed out', as: 'visitor', open: (page, at) => go(page, at('/')) },
    { name: 'home, signed in', as: 'reader', open: (page, at) => go(page, at('/')) },
    { name: 'sign-in', as: 'visitor', open: (page, at) => go(page, at('/login')) },
    {
      name: 'sign-in with a wrong password',
      as: 'visitor',
      open: async (page, at) => {
        await go(page, at('/login'));
        await fillSignInForm(page, 'Axereader', 'not-the-password');
      },
    },
    {
      name: 'sign-in, second step',
      as: 'totp',
      open: async (page, at) => {
        await go(page, at('/login'));
        await fillSignInForm(page, 'Axetotp', 'Axetotp-password-1');
        await page.waitForURL('**/login/second-factor**');
      },
    },
    {
      name: 'sign-in, second step with a wrong code',
      as: 'totp',
      open: async (page, at) => {
        await go(page, at('/login'));
        await fillSignInForm(page, 'Axetotp', 'Axetotp-password-1');
        await page.waitForURL('**/login/second-factor**');
        await page.locator('input[name="code"]').fill('000000');
        await page.locator('input[name="code"]').press('Enter');
        await page.waitForLoadState('load');
      },
    },
    { name: 'public list of apps', as: 'visitor', open: (page, at) => go(page, at('/consumers')) },
    {
      name: "an app's public page",
      as: 'visitor',
      open: (page, at) => go(page, at(`/consumers/${webApp.clientId}`)),
    },
    {
      name: 'a page that is not there',
      as: 'visitor',
      open: (page, at) => go(page, at('/consumers/0123456789abcdef0123456789abcdef'), true),
    },
    {
      name: 'a page that needs signing in',
      as: 'visitor',
      open: (page, at) => go(page, at('/grants')),
    },
    {
      name: 'OAuth 2 authorization error',
      as: 'reader',
      open: (page, at) =>
        go(page, at('/oauth2/authorize?response_type=code&client_id=0123456789abcdef0123456789abcdef'), true),
    },
    { name: 'OAuth 2 consent', as: 'reader', open: (page, at) => go(page, at(oauth2ConsentPath())) },
    {
      name: 'OAuth 2 form_post page',
      as: 'reader',
      open: async (page, at) => {
        // The page's one script submits it at once, so it is fetched with the person's cookies and shown without
        // the script, as a browser without scripts shows it (with its Continue button), on Gatehouse's origin.
        const path = at(oauth2ConsentPath({ response_mode: 'form_post' }));
        const consent = await page.context().request.get(path);
        const answer = await page.context().request.post(path, {
          form: { ...consentFields(await consent.text()), decision: 'allow' },
        });
        expect(answer.status()).toBe(200);
        await go(page, at('/'));
        await page.setContent((await answer.text()).replace(/<script>[^<]*<\/script>/, ''));
        expect(await page.locator('form#gh-form-post').count()).toBe(1);
      },
    },
    {
      name: 'OAuth 1 consent',
      as: 'reader',
      open: async (page, at) => go(page, at(await oauth1ConsentPath(wikiTool))),
    },
    {
      name: 'OAuth 1 verifier page',
      as: 'reader',
      open: async (page, at) => {
        await go(page, at(await oauth1ConsentPath(oobTool)));
        await clickButton(page, 'Allow');
      },
    },
    {
      name: 'OAuth 1 cancelled',
      as: 'reader',
      open: async (page, at) => {
        await go(page, at(await oauth1ConsentPath(oobTool)));
        await clickButton(page, 'Cancel');
      },
    },
    { name: 'device code form', as: 'reader', open: (page, at) => go(page, at('/device')) },
    {
      name: 'device consent',
      as: 'reader',
      open: async (page, at) => {
        await go(page, at(`/device?user_code=${encodeURIComponent(await userCode())}`));
        await clickButton(page, 'Continue');
      },
    },
    {
      name: 'device connected',
      as: 'reader',
      open: async (page, at) => {
        await go(page, at(`/device?user_code=${encodeURIComponent(await userCode())}`));
        await clickButton(page, 'Continue');
        await clickButton(page, 'Allow');
      },
    },
    {
      name: 'device code that is wrong',
      as: 'reader',
      open: async (page, at) => {
        await go(page, at('/device?user_code=BBBB-BBBB'));
        await clickButton(page, 'Continue');
      },
    },
    { name: 'my grants', as: 'reader', open: (page, at) => go(page, at('/grants')) },
    {
      name: 'manage a grant',
      as: 'reader',
      open: async (page, at) => {
        await go(page, at('/grants'));
        const manage = page.locator('main a[href^="/grants/"]').first();
        await go(page, at((await manage.getAttribute('href')) ?? '/grants/0'));
      },
    },
    { name: 'change password', as: 'reader', open: (page, at) => go(page, at('/account/password')) },
    {
      name: 'change password with errors',
      as: 'reader',
      open: async (page, at) => {
        await go(page, at('/account/password'));
        await withoutBrowserValidation(page);
        await page.locator('main button[type="submit"]').click();
        await page.waitForLoadState('load');
      },
    },
    { name: 'security and sessions', as: 'reader', open: (page, at) => go(page, at('/account/security')) },
    {
      name: 'two-factor, off',
      as: 'enroller',
      open: (page, at) => go(page, at('/account/two-factor')),
    },
    {
      name: 'two-factor enrolment, with a wrong code',
      as: 'enroller',
      open: async (page, at) => {
        await go(page, at('/account/two-factor'));
        await clickButton(page, 'Set up two-factor authentication');
        await page.locator('main input[name="code"]').fill('000000');
        await clickButton(page, 'Turn on');
      },
    },
    {
      name: 'OpenID Connect logout confirmation',
      as: 'reader',
      open: (page, at) => go(page, at('/oidc/logout')),
    },
    {
      name: 'OpenID Connect logout, stayed signed in',
      as: 'reader',
      open: async (page, at) => {
        await go(page, at('/oidc/logout'));
        await clickButton(page, 'Stay signed in');
      },
    },
    { name: 'notifications', as: 'developer', open: (page, at) => go(page, at('/notifications')) },
    { name: 'my apps', as: 'developer', open: (page, at) => go(page, at('/consumers/mine')) },
    {
      name: 'register: choose the protocol',
      as: 'developer',
      open: (page, at) => go(page, at('/consumers/register')),
    },
    {
      name: 'register an OAuth 2 client',
      as: 'developer',
      open: (page, at) => go(page, at('/consumers/register/oauth2')),
    },
    {
      name: 'register an OAuth 1 consumer',
      as: 'developer',
      open: (page, at) => go(page, at('/consumers/register/oauth1')),
    },
    {
      name: 'registration with errors',
      as: 'developer',
      open: async (page, at) => {
        await go(page, at('/consumers/register/oauth2'));
        await withoutBrowserValidation(page);
        await page.locator('[name="version"]').fill('');
        await page.locator('[name="callbackUrl"]').fill('http://app.example/callback');
        await clickButton(page, 'Register');
      },
    },
    {
      name: 'registered: the one-time credentials',
      as: 'developer',
      open: async (page, at) => {
        await go(page, at('/consumers/register/oauth2'));
        await page.locator('[name="name"]').fill(`Axe registered ${Math.random().toString(36).slice(2)}`);
        await page.locator('[name="version"]').fill('1.0');
        await page.locator('[name="description"]').fill('Registered for the accessibility check');
        await page.locator('[name="callbackUrl"]').fill('https://registered.example/cb');
        await page.locator('input[name="oauth2GrantTypes"][value="authorization_code"]').check();
        await clickButton(page, 'Register');
        await page.waitForURL('**/consumers/registered/**');
      },
    },
    {
      name: 'update an app',
      as: 'developer',
      open: (page, at) => go(page, at(`/consumers/${webApp.clientId}/update`)),
    },
    {
      name: 'update with errors',
      as: 'developer',
      open: async (page, at) => {
        await go(page, at(`/consumers/${webApp.clientId}/update`));
        await withoutBrowserValidation(page);
        await page.locator('[name="ipAddresses"]').fill('x'.repeat(65));
        await clickButton(page, 'Update');
      },
    },
    { name: 'review queue', as: 'admin', open: (page, at) => go(page, at('/admin/consumers')) },
    {
      name: 'review a proposal',
      as: 'admin',
      open: (page, at) => go(page, at(`/admin/consumers/${proposedKey}`)),
    },
    {
      name: 'review a proposal, sent without a reason',
      as: 'admin',
      open: async (page, at) => {
        await go(page, at(`/admin/consumers/${proposedKey}`));
        await withoutBrowserValidation(page);
        await page.locator('input[name="action"][value="reject"]').check();
        await clickButton(page, 'Submit');
      },
    },
    { name: 'users', as: 'admin', open: (page, at) => go(page, at('/admin/users')) },
    {
      name: 'create a user with errors',
      as: 'admin',
      open: async (page, at) => {
        await go(page, at('/admin/users'));
        await withoutBrowserValidation(page);
        await page.locator('#field-name').fill('');
        await clickButton(page, 'Create user');
      },
    },
    { name: "a user's page", as: 'admin', open: (page, at) => go(page, at(`/admin/users/${readerId}`)) },
  ];

  it('fails a page with a serious violation, so that a pass means something', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="en"><title>Broken</title><main><button></button></main></html>');
    const violations = await blockingViolations(page);
    expect(violations.map((violation) => violation.id)).toContain('button-name');
    expect(describeViolations('about:blank', violations)).toMatch(/button-name \(critical\): .*\n {4}button/);
    await page.close();
  });

  describe.each(LANGUAGES)('with uselang=%s', (lang) => {
    const pages = new Map<Role, Page>();
    const pageOf = async (role: Role): Promise<Page> => {
      // the one-step sign-in pages start signed out each time; the others keep one browser per person
      if (role === 'totp') {
        return browse(role, lang);
      }
      const existing = pages.get(role) ?? (await browse(role, lang));
      pages.set(role, existing);
      return existing;
    };

    afterAll(async () => {
      for (const context of contexts.splice(0)) {
        await context.close();
      }
    });

    it.each(VISITS)('$name', async ({ as, open }) => {
      visitLanguage = lang;
      const page = await pageOf(as);
      await open(page, (path) => withLanguage(path, lang));
      const violations = await blockingViolations(page);
      expect(violations, describeViolations(page.url(), violations)).toEqual([]);
    });
  });
});
