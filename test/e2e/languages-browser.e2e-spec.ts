import type { Browser, Page } from 'playwright-core';
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
