import type { Browser, Page } from 'playwright-core';
import { type CallbackServer, launchChromium, newPerson, openPage, startCallbackServer } from './support/browser';
import { type Oauth2Client, pkcePair, registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** What the focused element is, and whether its focus can be seen (WCAG 2.2 SC 2.4.7). */
interface Focused {
  tag: string;
  id: string;
  text: string;
  focusVisible: boolean;
  outline: string;
  boxShadow: string;
}

// strings, since the tests compile without the DOM's types
const FOCUSED = `(() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    text: (element.textContent || '').replace(/\\s+/g, ' ').trim(),
    focusVisible: element.matches(':focus-visible'),
    outline: style.outlineStyle === 'none' || style.outlineWidth === '0px' ? 'none' : style.outlineStyle + ' ' + style.outlineWidth,
    boxShadow: style.boxShadow,
  };
})()`;

const focused = (page: Page): Promise<Focused> => page.evaluate<Focused>(FOCUSED);

/** Presses Tab until the focused element is the button named `label`; answers every stop on the way. */
async function tabTo(page: Page, label: string): Promise<Focused[]> {
  const stops: Focused[] = [];
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    stops.push(now);
    if (now.tag === 'button' && now.text === label) {
      return stops;
    }
  }
  throw new Error(
    `Tab never reached "${label}"; it went: ${stops.map((stop) => `${stop.tag} "${stop.text}"`).join(', ')}`,
  );
}

/**
 * Issue 16 item 5 with the keyboard and a screen reader's view: the OAuth 2 consent completed with Tab and Enter
 * alone, its accessibility tree (one h1, the grants as a named list, the buttons named by their action), and a form
 * with errors whose summary takes the focus and leads to the fields.
 */
describe.skipIf(missingComponent('chromium'))('the pages with the keyboard and a screen reader', () => {
  let gatehouse: TestApp;
  let browser: Browser;
  let callback: CallbackServer;
  let app: Oauth2Client;

  beforeAll(async () => {
    browser = await launchChromium();
    callback = await startCallbackServer();
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Kbdev');
    await createSignedInUser(gatehouse, 'Kbreader');
    app = await registerOauth2Client(developer, admin, {
      name: 'Keyboard app',
      grants: ['basic', 'editpage'],
      callbackUrl: callback.url,
    });
    // Chromium and the service start on a machine the other suites share
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await gatehouse?.close();
  });

  /** A person's browser signed in as `name` (the session cookie comes from the JSON sign-in, shared by the page). */
  async function signedIn(name: string): Promise<Page> {
    const page = await newPerson(browser, gatehouse.url);
    const login = await page.context().request.post('/api/auth/login', {
      data: { username: name, password: `${name}-password-1` },
    });
    expect(login.status()).toBe(200);
    return page;
  }

  async function openConsent(page: Page, state: string): Promise<void> {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: callback.url,
      state,
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    });
    await openPage(page, `/oauth2/authorize?${query.toString()}`);
  }

  it('reaches "Allow" with Tab alone, shows where the focus is, and Enter lands on the callback with a code', async () => {
    const page = await signedIn('Kbreader');
    await openConsent(page, 'keyboard-1');
    const stops = await tabTo(page, 'Allow');
    const allow = stops.at(-1) as Focused;
    expect(allow.focusVisible).toBe(true);
    expect(allow.outline !== 'none' || allow.boxShadow !== 'none', JSON.stringify(allow)).toBe(true);
    // every stop on the way showed its focus too, and none was a button other than the two of the form
    for (const stop of stops) {
      expect(stop.outline, `${stop.tag} "${stop.text}"`).not.toBe('none');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(`${callback.url}?**`);
    const landed = callback.received.at(-1);
    expect(landed?.searchParams.get('state')).toBe('keyboard-1');
    expect(landed?.searchParams.get('code')).toEqual(expect.stringMatching(/^[\w.~-]+$/));
  });

  it('is announced as one question, the app and its publisher, a list of grants and two named buttons', async () => {
    const page = await signedIn('Kbreader');
    await openConsent(page, 'reader-2');
    const tree = await page.locator('main').ariaSnapshot();
    expect(tree).toContain('- heading "Allow Keyboard app to use your account?" [level=1]');
    expect(tree).toContain('- strong: Keyboard app');
    expect(tree).toContain('- strong: Kbdev');
    const who = await page.getByRole('paragraph').filter({ hasText: 'published by' }).innerText();
    expect(who).toMatch(/^Keyboard app \(version 1\.0\), published by Kbdev, asks to act on your behalf/);
    expect(tree).toContain('- heading "It will be able to:" [level=2]');
    expect(tree).toContain('- list "It will be able to:"');
    expect(tree).toContain('- button "Allow"');
    expect(tree).toContain('- button "Cancel"');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    const grants = page.getByRole('list', { name: 'It will be able to:' }).getByRole('listitem');
    expect(await grants.count()).toBe(2);
    // the buttons are the form's two answers, in this order
    const buttons = await page.locator('main').getByRole('button').allInnerTexts();
    expect(buttons.map((text) => text.trim())).toEqual(['Allow', 'Cancel']);
  });

  it('puts the focus on the error summary of a form sent back, whose links lead to the fields', async () => {
    const page = await signedIn('Kbdev');
    await openPage(page, '/consumers/register/oauth2');
    await page.locator('#field-name').fill('Keyboard errors');
    await page.locator('#field-version').fill('');
    // the browser's own checks are off (novalidate): the server's summary is what comes back
    await page.locator('#field-name').press('Enter');
    await page.waitForLoadState('load');
    const summary = await focused(page);
    expect(summary.tag).toBe('div');
    expect(summary.text).toContain('Please correct the fields marked below.');
    expect(summary.text).toContain('Version:');
    const link = page.locator('.gh-error-summary a[href="#field-version"]');
    expect(await link.count()).toBe(1);
    const version = page.locator('#field-version');
    expect(await version.getAttribute('aria-invalid')).toBe('true');
    expect(await version.getAttribute('aria-describedby')).toContain('field-version-error');
    expect(await page.locator('#field-version-error').innerText()).not.toBe('');
    // Tab from the summary reaches its first entry; Enter there puts the focus in the field
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).toBe('a');
    await link.focus();
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('field-version');
  });
});
