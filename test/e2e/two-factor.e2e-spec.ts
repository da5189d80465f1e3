import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { decodeJwt } from 'jose';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { clickButton, fillSignInForm, launchChromium, newPerson, openPage, textOf } from './support/browser';
import { registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';
import { CapturedLog } from './support/captured-log';

/** A code for `secret` one time step ahead or behind, so that a test never needs to wait for the next step. */
function code(secret: string, stepOffset = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + stepOffset * 30 });
}

/** Two-factor authentication (issue 15 item 3): TOTP with recovery codes, and groups that must have it. */
describe('two-factor authentication', () => {
  let gatehouse: TestApp;
  const log = new CapturedLog();

  beforeAll(async () => {
    gatehouse = await startTestApp({
      logger: log.logger,
      env: { TWO_FACTOR_REQUIRED_GROUPS: 'oauthadmin' },
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  async function enrol(user: SignedIn): Promise<{ secret: string; recoveryCodes: string[] }> {
    const begun = await user.agent.post('/api/me/two-factor/totp').set('X-CSRF-Token', user.csrfToken).expect(201);
    const secret = begun.body.secret as string;
    expect(begun.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const confirmed = await user.agent
      .post('/api/me/two-factor/totp/confirm')
      .set('X-CSRF-Token', user.csrfToken)
      .send({ code: code(secret) })
      .expect(200);
    return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  function login(name: string) {
    return gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: name, password: `${name}-password-1` });
  }

  it('asks for a code after the password, and signs in with both factors once the code is right', async () => {
    const user = await createSignedInUser(gatehouse, 'Totpuser');
    const { secret, recoveryCodes } = await enrol(user);
    expect(recoveryCodes).toHaveLength(10);
    const first = await login('Totpuser').expect(200);
    expect(first.body).toEqual({ secondFactorRequired: true, secondFactorToken: expect.any(String) });
    expect(first.headers['set-cookie']).toBeUndefined();
    const agent = supertest.agent(gatehouse.url);
    await agent
      .post('/api/auth/login/second-factor')
      .send({ secondFactorToken: first.body.secondFactorToken, code: '000000' })
      .expect(401);
    const done = await agent
      .post('/api/auth/login/second-factor')
      .send({ secondFactorToken: first.body.secondFactorToken, code: code(secret, 1) })
      .expect(200);
    expect(done.body.user.name).toBe('Totpuser');
    await agent.get('/api/me').expect(200);
    // The pending sign-in is spent, and the code of that time step too (no replay within its window).
    await agent
      .post('/api/auth/login/second-factor')
      .send({ secondFactorToken: first.body.secondFactorToken, code: code(secret, 1) })
      .expect(401);
    const again = await login('Totpuser').expect(200);
    await gatehouse
      .http()
      .post('/api/auth/login/second-factor')
      .send({ secondFactorToken: again.body.secondFactorToken, code: code(secret, 1) })
      .expect(401);
    expect(log.audit()).toContainEqual(expect.objectContaining({ action: 'sign-in', factors: ['pwd', 'totp'] }));
  });

  it('tells OpenID Connect apps both factors were used (RFC 8176 amr)', async () => {
    const user = await createSignedInUser(gatehouse, 'Oidcmfa');
    const { secret } = await enrol(user);
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const client = await registerOauth2Client(user, admin, { name: 'MFA app', grants: ['openid', 'basic'] });
    const pending = await login('Oidcmfa').expect(200);
    const agent = supertest.agent(gatehouse.url);
    // The next step's code: within the tolerance, and never the step the enrolment just spent (the previous step's
    // is, when the sign-in falls just after a step boundary, and a spent step is refused as a reused code).
    const signedIn = await agent
      .post('/api/auth/login/second-factor')
      .send({ secondFactorToken: pending.body.secondFactorToken, code: code(secret, 1) })
      .expect(200);
    const person: SignedIn = { agent, csrfToken: signedIn.body.csrfToken, user: signedIn.body.user };
    const tokens = (await userTokens(gatehouse, person, client, { scope: 'openid basic' })) as { id_token?: string };
    const claims = decodeJwt(tokens.id_token as string);
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
  });

  it('takes a recovery code once; its second use fails', async () => {
    const user = await createSignedInUser(gatehouse, 'Recoverer');
    const { recoveryCodes } = await enrol(user);
    const useRecovery = async () => {
      const pending = await login('Recoverer').expect(200);
      return gatehouse
        .http()
        .post('/api/auth/login/second-factor')
        .send({ secondFactorToken: pending.body.secondFactorToken, code: recoveryCodes[0].toUpperCase() });
    };
    expect((await useRecovery()).status).toBe(200);
    expect((await useRecovery()).status).toBe(401);
    const status = await user.agent.get('/api/me/two-factor').expect(200);
    expect(status.body).toEqual({ totp: true, securityKeys: 0, recoveryCodesLeft: 9 });
    expect(log.audit()).toContainEqual(expect.objectContaining({ action: 'recovery-code-used', userId: user.user.id }));
  });

  it('ends a pending sign-in after five wrong codes', async () => {
    const user = await createSignedInUser(gatehouse, 'Guesser');
    const { secret } = await enrol(user);
    const pending = await login('Guesser').expect(200);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await gatehouse
        .http()
        .post('/api/auth/login/second-factor')
        .send({ secondFactorToken: pending.body.secondFactorToken, code: '123456' })
        .expect(401);
    }
    const late = await gatehouse
      .http()
      .post('/api/auth/login/second-factor')
      .send({ secondFactorToken: pending.body.secondFactorToken, code: code(secret, -1) })
      .expect(401);
    expect(late.body.message).toMatch(/give your password again/);
  });

  it('keeps the secret sealed and the recovery codes hashed at rest', async () => {
    const user = await createSignedInUser(gatehouse, 'Atrest');
    const { secret, recoveryCodes } = await enrol(user);
    const dataSource = gatehouse.app.get(DataSource);
    const rows = JSON.stringify([
      await dataSource.query('SELECT * FROM user_totp WHERE user_id = ?', [user.user.id]),
      await dataSource.query('SELECT * FROM user_recovery_codes WHERE user_id = ?', [user.user.id]),
    ]);
    expect(rows).not.toContain(secret);
    for (const recovery of recoveryCodes) {
      expect(rows).not.toContain(recovery);
      expect(rows).not.toContain(recovery.replace('-', ''));
    }
  });

  it('sends a member of a group that requires it to enrol before anything else, the API included', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const member = await createSignedInUser(gatehouse, 'Mustenrol', { groups: ['oauthadmin'] });
    const refused = await member.agent.get('/api/admin/consumers').expect(403);
    expect(refused.body.code).toBe('second_factor_required');
    const developer = await createSignedInUser(gatehouse, 'Enroldev');
    const proposed = await developer.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', developer.csrfToken)
      .send({
        oauthVersion: 2,
        name: 'Needs review',
        version: '1.0',
        description: 'waits for an admin',
        email: developer.email,
        grants: ['basic'],
        callbackUrl: 'https://app.example/cb',
      })
      .expect(201);
    const key = proposed.body.consumer.consumerKey as string;
    const approve = () =>
      member.agent
        .post(`/api/admin/consumers/${key}/approve`)
        .set('X-CSRF-Token', member.csrfToken)
        .send({ reason: 'looks fine' });
    expect((await approve()).body.code).toBe('second_factor_required');
    await member.agent
      .get('/admin/consumers')
      .expect(303)
      .expect('Location', '/account/two-factor?returnTo=%2Fadmin%2Fconsumers');
    await enrol(member);
    await approve().expect(200);
    expect(admin.user.name).toBe(ADMIN.username);
  });

  describe.skipIf(missingComponent('chromium'))('in the browser', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    async function enrolOnPage(person: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
      if (new URL(person.url()).pathname !== '/account/two-factor') {
        await openPage(person, '/account/two-factor');
      }
      await clickButton(person, 'Set up two-factor authentication');
      expect(await person.locator('.gh-qr svg').count()).toBe(1);
      const secret = await textOf(person, '#totp-secret');
      await person.locator('#field-code').fill(code(secret));
      await clickButton(person, 'Turn on');
      const recoveryCodes = (await person.locator('.gh-recovery-codes code').allInnerTexts()).map((c) => c.trim());
      return { secret, recoveryCodes };
    }

    it('enrols TOTP from the QR page and signs in with a code, then with a recovery code once', async () => {
      await createSignedInUser(gatehouse, 'Browsertotp');
      const person = await newPerson(browser, gatehouse.url);
      await person.goto('/login');
      await fillSignInForm(person, 'Browsertotp', 'Browsertotp-password-1');
      const { secret, recoveryCodes } = await enrolOnPage(person);
      expect(recoveryCodes).toHaveLength(10);

      const later = await newPerson(browser, gatehouse.url);
      await later.goto('/consumers/mine');
      await fillSignInForm(later, 'Browsertotp', 'Browsertotp-password-1');
      expect(new URL(later.url()).pathname).toBe('/login/second-factor');
      // No security key on this account: the page does not offer one.
      expect(await later.locator('[data-webauthn-sign-in]').count()).toBe(0);
      await later.locator('#code').fill(code(secret, 1));
      await clickButton(later, 'Continue');
      expect(new URL(later.url()).pathname).toBe('/consumers/mine');

      for (const expected of ['/consumers/mine', '/login/second-factor']) {
        const phoneless = await newPerson(browser, gatehouse.url);
        await phoneless.goto('/consumers/mine');
        await fillSignInForm(phoneless, 'Browsertotp', 'Browsertotp-password-1');
        await phoneless.locator('#code').fill(recoveryCodes[0]);
        await clickButton(phoneless, 'Continue');
        expect(new URL(phoneless.url()).pathname).toBe(expected);
      }
    });

    it('sends a member of a required group to set it up first, then where they were going', async () => {
      await createSignedInUser(gatehouse, 'Browseradmin', { groups: ['oauthadmin'] });
      const person = await newPerson(browser, gatehouse.url);
      await person.goto('/admin/consumers');
      await fillSignInForm(person, 'Browseradmin', 'Browseradmin-password-1');
      expect(new URL(person.url()).pathname).toBe('/account/two-factor');
      expect(await textOf(person, '.cdx-message--warning')).toContain('Your group requires two-factor authentication');
      await enrolOnPage(person);
      await person.getByRole('link', { name: 'Continue' }).click();
      await person.waitForLoadState('load');
      expect(new URL(person.url()).pathname).toBe('/admin/consumers');
    });
  });
});
