import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type supertest from 'supertest';
import { clickButton, launchChromium, signInInBrowser, textOf } from './support/browser';
import { type FormPostReceiver, startFormPostReceiver } from './support/form-post-receiver';
import {
  CALLBACK,
  type Oauth2Client,
  consentFields,
  pkcePair,
  postForm,
  registerOauth2Client,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);

/** The form of a form-post page as a browser would submit it: its action, method and hidden fields. */
function formOf(page: string): { action: string; method: string; fields: URLSearchParams } {
  const form = /<form id="gh-form-post" method="(\w+)" action="([^"]*)">([\s\S]*?)<\/form>/.exec(page);
  if (!form) {
    throw new Error(`no form-post form in ${page}`);
  }
  const fields = new URLSearchParams();
  for (const input of form[3].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.append(unescape(input[1]), unescape(input[2]));
  }
  return { method: form[1], action: unescape(form[2]), fields };
}

/** A Content-Security-Policy header's directives by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

/** The headers every answer of the authorization endpoint carries, form posts included. */
function expectUncachedUnframed(answer: supertest.Response): void {
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.headers['referrer-policy']).toBe('no-referrer');
  expect(answer.headers['x-frame-options']).toBe('DENY');
  expect(directives(answer.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
}

/**
 * OAuth 2.0 Form Post Response Mode at `/oauth2/authorize` (issue 13): `response_mode=form_post` answers with a page
 * whose form posts the code (or the error), `state` and `iss` to the redirect URI, on a consent, a silent approval
 * and an error; an unknown mode is an `invalid_request` sent by query. Then in a real Chromium, with JavaScript on
 * (the page submits itself) and off (the person presses Continue).
 */
describe('response_mode=form_post', () => {
  let gatehouse: TestApp;
  let user: SignedIn;
  let webApp: Oauth2Client;
  let signOn: Oauth2Client;
  let nativeApp: Oauth2Client;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Formdev');
    user = await createSignedInUser(gatehouse, 'Formuser');
    webApp = await registerOauth2Client(dev, admin, { name: 'Form post app' });
    signOn = await registerOauth2Client(dev, admin, { name: 'Form post sign-on', grants: ['mwoauth-authonly'] });
    nativeApp = await registerOauth2Client(dev, admin, {
      name: 'Form post native app',
      confidential: false,
      callbackUrl: 'com.example.app:/cb',
    });
  });

  afterAll(async () => {
    await gatehouse?.close();
  });

  function authorizeGet(client: Oauth2Client, query: Record<string, string | string[]>, as = user) {
    return as.agent
      .get('/oauth2/authorize')
      .query({ response_type: 'code', client_id: client.clientId, state: 'st "1" <&>', ...query });
  }

  /** The consent page answered `decision`. */
  async function decide(client: Oauth2Client, query: Record<string, string>, decision: 'allow' | 'cancel') {
    const page = await authorizeGet(client, query).expect(200);
    expect(page.text).toContain('name="decision"');
    return user.agent
      .post('/oauth2/authorize')
      .query({ response_type: 'code', client_id: client.clientId, ...query })
      .type('form')
      .send({ ...consentFields(page.text), decision });
  }

  it('posts the code, state and iss to the redirect URI after the consent', async () => {
    const { verifier, challenge } = pkcePair();
    const answer = await decide(
      webApp,
      { response_mode: 'form_post', code_challenge: challenge, code_challenge_method: 'S256' },
      'allow',
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(answer.headers.location).toBeUndefined();
    expectUncachedUnframed(answer);
    const form = formOf(answer.text);
    expect(form).toMatchObject({ method: 'post', action: CALLBACK });
    expect([...form.fields.keys()]).toEqual(['code', 'state', 'iss']);
    expect(form.fields.get('state')).toBe('st "1" <&>');
    expect(form.fields.get('iss')).toBe(gatehouse.url);
    expect(answer.text).toMatch(/<button type="submit"[^>]*>Continue<\/button>/);

    const tokens = await postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: 'authorization_code', code: form.fields.get('code') ?? '', code_verifier: verifier },
      webApp,
    ).expect(200);
    expect(tokens.body.access_token).toEqual(expect.any(String));
  });

  it('posts the code of a silent approval, answered to the GET', async () => {
    expect((await decide(signOn, {}, 'allow')).status).toBe(303);
    const answer = await authorizeGet(signOn, { response_mode: 'form_post' }).expect(200);
    expect(answer.text).not.toContain('name="decision"');
    expectUncachedUnframed(answer);
    const form = formOf(answer.text);
    expect(form.action).toBe(CALLBACK);
    expect(form.fields.get('code')).toMatch(/\S/);
    expect(form.fields.get('iss')).toBe(gatehouse.url);

    const byQuery = await authorizeGet(signOn, {}).expect(302);
    expect(new URL(byQuery.headers.location).searchParams.get('code')).toMatch(/\S/);
  });

  it('posts access_denied when the user cancels', async () => {
    const answer = await decide(webApp, { response_mode: 'form_post' }, 'cancel');
    expect(answer.status).toBe(200);
    const form = formOf(answer.text);
    expect(form.action).toBe(CALLBACK);
    expect(Object.fromEntries(form.fields)).toEqual({
      error: 'access_denied',
      error_description: 'The user denied the request',
      state: 'st "1" <&>',
      iss: gatehouse.url,
    });
  });

  it('posts the errors found once the redirect URI is trusted', async () => {
    const answer = await authorizeGet(webApp, { response_mode: 'form_post', scope: 'no-such-grant' }).expect(200);
    const form = formOf(answer.text);
    expect(form.fields.get('error')).toBe('invalid_scope');
    expect(form.fields.get('code')).toBeNull();
    const missingType = await user.agent
      .get('/oauth2/authorize')
      .query({ client_id: webApp.clientId, response_mode: 'form_post' })
      .expect(200);
    expect(formOf(missingType.text).fields.get('error')).toBe('invalid_request');
  });

  it.each([['fragment'], ['FORM_POST'], [['form_post', 'form_post']]])(
    'redirects response_mode=%j back by query as invalid_request',
    async (responseMode) => {
      const answer = await authorizeGet(webApp, { response_mode: responseMode }).expect(302);
      const location = new URL(answer.headers.location);
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('st "1" <&>');
      expect(location.searchParams.get('iss')).toBe(gatehouse.url);
      expect(location.searchParams.get('code')).toBeNull();
    },
  );

  it("refuses form_post to a native app's private-use scheme, by query", async () => {
    const answer = await authorizeGet(nativeApp, { response_mode: 'form_post' }).expect(302);
    const location = new URL(answer.headers.location);
    expect(location.protocol).toBe('com.example.app:');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toContain('form_post');
  });

  it('shows an error page, never a form, while the client or its redirect URI is not trusted', async () => {
    const unknown = await user.agent
      .get('/oauth2/authorize')
      .query({ response_type: 'code', client_id: 'f'.repeat(32), response_mode: 'form_post' })
      .expect(401);
    expect(unknown.text).not.toContain('gh-form-post');
    const elsewhere = await authorizeGet(webApp, {
      response_mode: 'form_post',
      redirect_uri: 'https://evil.example/callback',
    });
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(elsewhere.text).not.toContain('gh-form-post');
  });

  it("runs under its own CSP: only the script its hash names, the site's stylesheet, posting to http(s)", async () => {
    const answer = await authorizeGet(signOn, { response_mode: 'form_post' }).expect(200);
    const policy = directives(answer.headers['content-security-policy']);
    const scripts = [...answer.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toBe('');
      const hash = `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
      expect(policy.get('script-src')).toContain(hash);
    }
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(answer.text).not.toMatch(/\son\w+=/);
    for (const [, href] of answer.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) {
      expect(href.startsWith('/')).toBe(true);
      expect(policy.get('style-src')).toEqual(["'self'"]);
    }
    expect(policy.get('form-action')).toContain(new URL(formOf(answer.text).action).protocol);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('is listed in the metadata', async () => {
    const metadata = await gatehouse.http().get('/.well-known/oauth-authorization-server').expect(200);
    expect(metadata.body.response_modes_supported).toEqual(['query', 'form_post']);
  });

  /** The browser lands on the app's callback by POST, with the code, the state and the issuer. */
  describe.skipIf(missingComponent('chromium'))('in the browser', () => {
    let browser: Browser;
    let receiver: FormPostReceiver;
    let browserApp: Oauth2Client;

    beforeAll(async () => {
      browser = await launchChromium();
      receiver = await startFormPostReceiver();
      browserApp = await registerOauth2Client(dev, admin, { name: 'Form post browser app', callbackUrl: receiver.url });
      await createSignedInUser(gatehouse, 'Formperson');
    });

    afterAll(async () => {
      await browser?.close();
      await receiver?.close();
    });

    async function signedInPerson(javaScriptEnabled: boolean): Promise<Page> {
      const context = await browser.newContext({ baseURL: gatehouse.url, javaScriptEnabled });
      context.setDefaultTimeout(15_000);
      context.setDefaultNavigationTimeout(20_000);
      const page = await context.newPage();
      await signInInBrowser(page, gatehouse.url, 'Formperson', 'Formperson-password-1');
      expect(await textOf(page, '.gh-account')).toContain('Signed in as Formperson');
      return page;
    }

    async function allowWithFormPost(page: Page, state: string): Promise<void> {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: browserApp.clientId,
        redirect_uri: receiver.url,
        response_mode: 'form_post',
        state,
      });
      await page.goto(`/oauth2/authorize?${query.toString()}`);
      await clickButton(page, 'Allow');
    }

    function expectPosted(state: string): void {
      const posted = receiver.received.at(-1);
      expect(posted?.method).toBe('POST');
      expect(posted?.contentType).toBe('application/x-www-form-urlencoded');
      expect(posted?.parameters.get('code')).toMatch(/\S/);
      expect(posted?.parameters.get('state')).toBe(state);
      expect(posted?.parameters.get('iss')).toBe(gatehouse.url);
    }

    it('with JavaScript on, the page submits itself and the browser lands on the callback by POST', async () => {
      const page = await signedInPerson(true);
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) {
          violations.push(message.text());
        }
      });
      await allowWithFormPost(page, 'js-on');
      await page.waitForURL(receiver.url);
      expect(await textOf(page, 'h1')).toBe('The app received the answer');
      expectPosted('js-on');
      expect(violations).toEqual([]);
      await page.context().close();
    });

    it('with JavaScript off, the person presses Continue and lands on the callback by POST', async () => {
      const page = await signedInPerson(false);
      await allowWithFormPost(page, 'js-off');
      expect(page.url()).toContain('/oauth2/authorize');
      expect(await textOf(page, 'h1')).toBe('Returning to the application');
      await clickButton(page, 'Continue');
      expect(page.url()).toBe(receiver.url);
      expectPosted('js-off');
      await page.context().close();
    });
  });
});
