import type { Browser, Page } from 'playwright-core';
import supertest from 'supertest';
import { SessionService } from '../../src/identity/session.service';
import { clickButton, fillSignInForm, launchChromium, newPerson, openPage, textOf } from './support/browser';
import { missingComponent } from './support/system-components';
import { type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';
import { CapturedLog } from './support/captured-log';

/**
 * A person at a browser with a security key: Chromium's virtual authenticator (the DevTools WebAuthn domain), a
 * CTAP2 USB key that verifies its user, attached to this page's tab.
 */
async function withSecurityKey(person: Page): Promise<Page> {
  const cdp = await person.context().newCDPSession(person);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return person;
}

/** Clicks a button whose script (`/assets/webauthn.js`) talks to the key and then submits its form. */
async function clickKeyButton(person: Page, label: string, path: string): Promise<void> {
  await Promise.all([
    person.waitForURL((url) => url.pathname === path, { waitUntil: 'load' }),
    person.getByRole('button', { name: label, exact: true }).click(),
  ]);
}

/** WebAuthn security keys as a second factor (issue 15 item 3): enrolment, sign-in, several keys, removal. */
describe.skipIf(missingComponent('chromium'))('WebAuthn second factor', () => {
  let gatehouse: TestApp;
  let browser: Browser;
  const log = new CapturedLog();

  beforeAll(async () => {
    // WebAuthn's relying party id must be a domain name, and its origin secure: http://localhost is both.
    gatehouse = await startTestApp({ logger: log.logger, publicHost: 'localhost' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gatehouse?.close();
  });

  it('enrols a key on the two-factor page, signs in with password and key, and removes the key', async () => {
    await createSignedInUser(gatehouse, 'Keyholder');
    const person = await withSecurityKey(await newPerson(browser, gatehouse.url));
    await person.goto('/login');
    await fillSignInForm(person, 'Keyholder', 'Keyholder-password-1');
    await openPage(person, '/account/two-factor');
    await person.locator('#field-name').fill('Blue key');
    await clickKeyButton(person, 'Add a security key', '/account/two-factor/webauthn');
    // The first second factor brings the recovery codes, shown this once.
    expect(await person.locator('.gh-recovery-codes code').count()).toBe(10);
    await openPage(person, '/account/two-factor');
    expect(await textOf(person, '#security-keys')).toContain('Blue key');
    expect(await textOf(person, '#security-keys')).toContain('never');
    expect(await textOf(person, 'main')).toContain('Two-factor authentication is on with security keys');

    await clickButton(person, 'Sign out');
    await person.goto('/consumers/mine');
    await fillSignInForm(person, 'Keyholder', 'Keyholder-password-1');
    expect(new URL(person.url()).pathname).toBe('/login/second-factor');
    await clickKeyButton(person, 'Use your security key', '/consumers/mine');
    const me = await person.evaluate(async () => {
      const answer = await fetch('/api/me');
      return { status: answer.status, body: (await answer.json()) as { name: string } };
    });
    expect(me).toEqual({ status: 200, body: expect.objectContaining({ name: 'Keyholder' }) });
    expect(log.audit()).toContainEqual(expect.objectContaining({ action: 'sign-in', factors: ['pwd', 'webauthn'] }));

    await openPage(person, '/account/two-factor');
    expect(await textOf(person, '#security-keys')).not.toContain('never');
    await clickButton(person, 'Remove');
    expect(await textOf(person, '.cdx-message--success')).toContain('The security key was removed.');
    expect(await person.locator('#security-keys').count()).toBe(0);
    expect(log.audit()).toContainEqual(expect.objectContaining({ action: 'webauthn-removed' }));

    // With its only second factor gone, the password alone signs in again.
    await clickButton(person, 'Sign out');
    await person.goto('/consumers/mine');
    await fillSignInForm(person, 'Keyholder', 'Keyholder-password-1');
    expect(new URL(person.url()).pathname).toBe('/consumers/mine');
  });

  it('takes each challenge once, for its own pending sign-in only (API)', async () => {
    const user = await createSignedInUser(gatehouse, 'Keyapi');
    // The browser is only the key's hands here: the page loads @simplewebauthn/browser, the API does the rest.
    const keyHands = await withSecurityKey(await newPerson(browser, gatehouse.url));
    await openPage(keyHands, '/login');
    await keyHands.addScriptTag({ url: '/assets/simplewebauthn-browser.js' });
    const ceremony = (name: 'startRegistration' | 'startAuthentication', optionsJSON: unknown) =>
      keyHands.evaluate(
        ([start, options]) =>
          (
            globalThis as unknown as { SimpleWebAuthnBrowser: Record<string, (o: unknown) => Promise<unknown>> }
          ).SimpleWebAuthnBrowser[start]({ optionsJSON: options }),
        [name, optionsJSON] as const,
      );
    const create = (optionsJSON: unknown) => ceremony('startRegistration', optionsJSON);
    const assert = (optionsJSON: unknown) => ceremony('startAuthentication', optionsJSON);

    const options = await user.agent
      .post('/api/me/two-factor/webauthn/options')
      .set('X-CSRF-Token', user.csrfToken)
      .expect(200);
    expect(options.body.rp).toEqual({ id: 'localhost', name: 'Gatehouse' });
    const created = await create(options.body);
    const registered = await user.agent
      .post('/api/me/two-factor/webauthn')
      .set('X-CSRF-Token', user.csrfToken)
      .send({ name: 'API key', response: created })
      .expect(201);
    expect(registered.body.recoveryCodes).toHaveLength(10);
    expect(registered.body.securityKeys).toEqual([expect.objectContaining({ name: 'API key', lastUsedAt: null })]);
    // The same attestation again: its challenge is spent.
    await user.agent
      .post('/api/me/two-factor/webauthn')
      .set('X-CSRF-Token', user.csrfToken)
      .send({ name: 'Again', response: created })
      .expect(401);
    const second = await user.agent
      .post('/api/me/two-factor/webauthn/options')
      .set('X-CSRF-Token', user.csrfToken)
      .expect(200);
    expect(second.body.excludeCredentials).toEqual([expect.objectContaining({ id: (created as { id: string }).id })]);

    const login = async () =>
      (
        await gatehouse
          .http()
          .post('/api/auth/login')
          .send({ username: 'Keyapi', password: 'Keyapi-password-1' })
          .expect(200)
      ).body.secondFactorToken as string;
    const optionsFor = async (token: string) =>
      (
        await gatehouse
          .http()
          .post('/api/auth/login/second-factor/webauthn/options')
          .send({ secondFactorToken: token })
          .expect(200)
      ).body as Record<string, unknown>;
    const answer = (token: string, assertion: unknown) =>
      gatehouse.http().post('/api/auth/login/second-factor').send({ secondFactorToken: token, webauthn: assertion });

    await gatehouse
      .http()
      .post('/api/auth/login/second-factor/webauthn/options')
      .send({ secondFactorToken: 'f'.repeat(64) })
      .expect(401);
    const mine = await login();
    const other = await login();
    const assertion = await assert(await optionsFor(mine));
    // Another pending sign-in of the same account: with no challenge of its own, then with a different one.
    await answer(other, assertion).expect(401);
    await optionsFor(other);
    await answer(other, assertion).expect(401);

    const agent = supertest.agent(gatehouse.url);
    const signedIn = await agent
      .post('/api/auth/login/second-factor')
      .send({ secondFactorToken: mine, webauthn: assertion })
      .expect(200);
    expect(signedIn.body.user.name).toBe('Keyapi');
    await agent.get('/api/me').expect(200);
    // RFC 8176: a password, then proof of possession of a hardware-secured key.
    const sessionId = /gatehouse_session=([0-9a-f]{64})/.exec(String(signedIn.headers['set-cookie']))?.[1] ?? '';
    expect((await gatehouse.app.get(SessionService).find(sessionId))?.amr).toEqual(['pwd', 'hwk', 'mfa']);
    // Replayed: on the spent sign-in, and on a new one whose challenge it does not answer.
    await answer(mine, assertion).expect(401);
    const later = await login();
    await optionsFor(later);
    await answer(later, assertion).expect(401);
    // A new assertion for the new challenge still signs in.
    const fresh = await assert(await optionsFor(later));
    await answer(later, fresh).expect(200);

    const keys = await user.agent.get('/api/me/two-factor/webauthn').expect(200);
    expect(keys.body[0].lastUsedAt).toEqual(expect.any(String));
    await user.agent
      .delete(`/api/me/two-factor/webauthn/${keys.body[0].id as number}`)
      .set('X-CSRF-Token', user.csrfToken)
      .expect(204);
    await user.agent
      .delete(`/api/me/two-factor/webauthn/${keys.body[0].id as number}`)
      .set('X-CSRF-Token', user.csrfToken)
      .expect(404);
    expect((await user.agent.get('/api/me/two-factor').expect(200)).body).toEqual({
      totp: false,
      securityKeys: 0,
      recoveryCodesLeft: 0,
    });
  });
});
