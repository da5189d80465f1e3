import type { Browser, Page } from 'playwright-core';
import type { Language } from '../../src/common/messages/languages';
import { tIn } from '../../src/common/messages/catalogue';
import { type CallbackServer, launchChromium, newPerson, startCallbackServer } from './support/browser';
import { type Oauth2Client, pkcePair, postForm, registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** What `<html>` says of the page the browser shows. */
async function htmlLanguage(page: Page): Promise<{ lang: string | null; dir: string | null }> {
  const root = page.locator('html');
  return { lang: await root.getAttribute('lang'), dir: await root.getAttribute('dir') };
}

/**
 * Issue 16 in a real Chromium: an OAuth 2 consent with `uselang=he` stays Hebrew and right to left through the
 * sign-in, and completes. Buttons are found by what they do, not by their words, so the test holds whatever the
 * Hebrew catalogue says; the words are checked against it.
 */
describe.skipIf(missingComponent('chromium'))('languages in the browser', () => {
  let gatehouse: TestApp;
  let browser: Browser;
  let callback: CallbackServer;
  let client: Oauth2Client;

  beforeAll(async () => {
    browser = await launchChromium();
    gatehouse = await startTestApp();
    callback = await startCallbackServer();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Rtldev');
    client = await registerOauth2Client(developer, admin, { name: 'Rtl app', callbackUrl: callback.url });
    await createSignedInUser(gatehouse, 'Rtlreader');
    for (const name of ['Jareader', 'Hereader', 'Prefreader']) {
      await createSignedInUser(gatehouse, name);
    }
    // A saved preference: Japanese, for a person whose browser asks for nothing in particular.
    const saved = await createSignedInUser(gatehouse, 'Prefdev');
    await saved.agent
      .put('/api/me/preferences')
      .set('X-CSRF-Token', saved.csrfToken)
      .send({ language: 'ja', timeZone: null, gender: 'unknown' })
      .expect(200);
    const prefReader = await signIn(gatehouse, 'Prefreader', 'Prefreader-password-1');
    await prefReader.agent
      .put('/api/me/preferences')
      .set('X-CSRF-Token', prefReader.csrfToken)
      .send({ language: 'ja', timeZone: null, gender: 'unknown' })
      .expect(200);
  });

  /** A person whose browser asks for `locale` (its Accept-Language), or for English. */
  async function personWithLocale(locale = 'en-US'): Promise<Page> {
    const context = await browser.newContext({ baseURL: gatehouse.url, locale });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(20_000);
    return context.newPage();
  }

  /** From the authorization request through sign-in and Allow to the token: the flow completes in `language`. */
  async function consentIn(
    person: Page,
    name: string,
    language: Language,
    extra: Record<string, string> = {},
  ): Promise<void> {
    const { verifier, challenge } = pkcePair();
    const state = `${language}-${name}`;
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: callback.url,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
    await person.goto(`/oauth2/authorize?${query.toString()}`);
    await person.waitForURL('**/login?returnTo=**');
    await person.locator('#username').fill(name);
    await person.locator('#password').fill(`${name}-password-1`);
    await person.locator('main form button[type="submit"]').click();
    await person.waitForLoadState('load');
    const direction = language === 'he' ? 'rtl' : 'ltr';
    expect(await htmlLanguage(person)).toEqual({ lang: language, dir: direction });
    const allow = person.locator('button[name="decision"][value="allow"]');
    expect((await allow.innerText()).trim()).toBe(tIn(language, 'consent.allow'));
    await allow.click();
    await person.waitForURL(`${callback.url}?**`);
    const landed = callback.received.at(-1);
    expect(landed?.searchParams.get('state')).toBe(state);
    await postForm(
      gatehouse,
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code: landed?.searchParams.get('code') ?? '',
        redirect_uri: callback.url,
        code_verifier: verifier,
      },
      client,
    ).expect(200);
  }

  it('completes the consent with uselang=ja, with Accept-Language: he, and with a saved preference', async () => {
    await consentIn(await personWithLocale(), 'Jareader', 'ja', { uselang: 'ja' });
    await consentIn(await personWithLocale('he-IL'), 'Hereader', 'he');
    await consentIn(await personWithLocale(), 'Prefreader', 'ja');
  });

  it('shows and submits the registration form with uselang=ja, with Accept-Language: he, and with a saved preference', async () => {
    const cases: [string, string, string, Language][] = [
      ['Rtldev', 'en-US', '?uselang=ja', 'ja'],
      ['Rtldev', 'he-IL', '', 'he'],
      ['Prefdev', 'en-US', '', 'ja'],
    ];
    for (const [name, locale, query, language] of cases) {
      const developer = await personWithLocale(locale);
      await developer.goto(`/login?returnTo=${encodeURIComponent(`/consumers/register/oauth2${query}`)}`);
      await developer.locator('#username').fill(name);
      await developer.locator('#password').fill(`${name}-password-1`);
      await developer.locator('main form button[type="submit"]').click();
      await developer.waitForURL('**/consumers/register/oauth2**');
      expect(await htmlLanguage(developer)).toEqual({ lang: language, dir: language === 'he' ? 'rtl' : 'ltr' });
      const appName = `Form ${language} ${locale}`;
      await developer.locator('[name="name"]').fill(appName);
      await developer.locator('[name="version"]').fill('1.0');
      await developer.locator('[name="description"]').fill(`${appName}, registered in ${language}`);
      await developer.locator('[name="callbackUrl"]').fill('https://app.example/cb');
      await developer.locator('input[name="oauth2GrantTypes"][value="authorization_code"]').check();
      await developer.locator('main form button[type="submit"]').last().click();
      await developer.waitForURL('**/consumers/registered/**');
      // uselang holds for the page it is on (MediaWiki's rule); the browser's language and the preference hold on.
      const after = query === '' ? language : 'en';
      expect(await htmlLanguage(developer)).toEqual({ lang: after, dir: after === 'he' ? 'rtl' : 'ltr' });
      expect(await developer.locator('#secret-key').innerText()).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await gatehouse?.close();
  });

  it('completes the OAuth 2 consent with uselang=he, right to left from sign-in to consent', async () => {
    const { verifier, challenge } = pkcePair();
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: callback.url,
      state: 'rtl-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      uselang: 'he',
    });
    const user = await newPerson(browser, gatehouse.url);
    await user.goto(`/oauth2/authorize?${query.toString()}`);
    await user.waitForURL('**/login?returnTo=**');
    expect(await htmlLanguage(user)).toEqual({ lang: 'he', dir: 'rtl' });
    await user.locator('#username').fill('Rtlreader');
    await user.locator('#password').fill('Rtlreader-password-1');
    await user.locator('main form button[type="submit"]').click();
    await user.waitForLoadState('load');

    expect(await htmlLanguage(user)).toEqual({ lang: 'he', dir: 'rtl' });
    const allow = user.locator('button[name="decision"][value="allow"]');
    expect((await allow.innerText()).trim()).toBe(tIn('he', 'consent.allow'));
    // Mirrored: in a right-to-left page the first button of the row sits to the right of the second.
    const cancel = user.locator('button[name="decision"][value="cancel"]');
    const [allowBox, cancelBox] = [await allow.boundingBox(), await cancel.boundingBox()];
    expect(allowBox && cancelBox && allowBox.x > cancelBox.x).toBe(true);
    await allow.click();
    await user.waitForURL(`${callback.url}?**`);

    const landed = callback.received.at(-1);
    expect(landed?.searchParams.get('state')).toBe('rtl-1');
    const code = landed?.searchParams.get('code') ?? '';
    await postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: 'authorization_code', code, redirect_uri: callback.url, code_verifier: verifier },
      client,
    ).expect(200);
  });
});
