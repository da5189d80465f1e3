import { scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import {
  clickButton,
  fillSignInForm,
  launchChromium,
  newPerson,
  openPage,
  signInInBrowser,
  textOf,
} from './support/browser';
import { signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';
import { CapturedLog } from './support/captured-log';

const derive = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: object,
) => Promise<Buffer>;

/** Passwords (issue 15 item 2): the policy, the change that ends other sessions, an admin's reset, hash upgrades. */
describe('passwords', () => {
  let gatehouse: TestApp;
  const log = new CapturedLog();

  beforeAll(async () => {
    gatehouse = await startTestApp({ logger: log.logger });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  async function createUser(name: string, password: string): Promise<supertest.Response> {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    return admin.agent
      .post('/api/admin/users')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ name, password, email: `${name.toLowerCase()}@example.com` });
  }

  it.each([
    ['a common password', 'Policyone', 'qwertyuiop', /most commonly used/],
    ['the user name', 'Policytwo1', 'policytwo1', /must not be the user name/],
    ['one shorter than PASSWORD_MIN_LENGTH (10)', 'Policythree', 'k8#Lx9!q', /at least 10 characters/],
  ])('refuses %s with weak_password', async (_case, name, password, message) => {
    const refused = await createUser(name, password);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'weak_password', message: expect.stringMatching(message) });
  });

  it('changes the password: the other sessions end, the caller gets a new one, the old password stops working', async () => {
    const user = await createSignedInUser(gatehouse, 'Changer');
    const other = await signIn(gatehouse, 'Changer', 'Changer-password-1');
    const change = (body: object) => user.agent.post('/api/me/password').set('X-CSRF-Token', user.csrfToken).send(body);
    await change({ currentPassword: 'not-it', newPassword: 'a fresh passphrase 7' }).expect(401);
    const weak = await change({ currentPassword: 'Changer-password-1', newPassword: 'password1' }).expect(400);
    expect(weak.body.code).toBe('weak_password');
    const oldCookie = user.agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
    const changed = await change({ currentPassword: 'Changer-password-1', newPassword: 'a fresh passphrase 7' }).expect(
      200,
    );
    expect(String(changed.headers['set-cookie'])).toMatch(/gatehouse_session=/);
    await user.agent.get('/api/me').expect(200);
    await other.agent.get('/api/me').expect(401);
    await supertest(gatehouse.url)
      .get('/api/me')
      .set('Cookie', oldCookie.map((c) => `${c.name}=${c.value}`).join('; '))
      .expect(401);
    await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: 'Changer', password: 'Changer-password-1' })
      .expect(401);
    await signIn(gatehouse, 'Changer', 'a fresh passphrase 7');
    // A token can never change the password: the route is for cookie sessions only.
    await user.agent
      .post('/api/me/password')
      .send({ currentPassword: 'a fresh passphrase 7', newPassword: 'another passphrase 8' })
      .expect(403);
    expect(log.audit()).toContainEqual(expect.objectContaining({ action: 'change-password', userId: user.user.id }));
  });

  it("resets a password as an admin: the user's sessions end and the next sign-in must choose a new one first", async () => {
    const user = await createSignedInUser(gatehouse, 'Resetee');
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    await user.agent
      .post(`/api/admin/users/${user.user.id}/password`)
      .set('X-CSRF-Token', user.csrfToken)
      .send({ password: 'temporary secret 42' })
      .expect(403);
    await admin.agent
      .post(`/api/admin/users/${user.user.id}/password`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ password: 'temporary secret 42' })
      .expect(200);
    await user.agent.get('/api/me').expect(401);
    const agent = supertest.agent(gatehouse.url);
    const login = await agent
      .post('/api/auth/login')
      .send({ username: 'Resetee', password: 'temporary secret 42' })
      .expect(200);
    expect(login.body.passwordChangeRequired).toBe(true);
    const csrf = login.body.csrfToken as string;
    const blocked = await agent.get('/api/me').expect(403);
    expect(blocked.body.code).toBe('password_change_required');
    await agent.get('/consumers/mine').expect(303).expect('Location', '/account/password?returnTo=%2Fconsumers%2Fmine');
    const changed = await agent
      .post('/api/me/password')
      .set('X-CSRF-Token', csrf)
      .send({ currentPassword: 'temporary secret 42', newPassword: 'my own passphrase 9' })
      .expect(200);
    expect(changed.body.csrfToken).not.toBe(csrf);
    await agent.get('/api/me').expect(200);
    expect(log.audit()).toContainEqual(
      expect.objectContaining({ action: 'reset-password', actorId: admin.user.id, userId: user.user.id }),
    );
  });

  it('makes a hash with older parameters again at sign-in', async () => {
    await createSignedInUser(gatehouse, 'Oldhash');
    const dataSource = gatehouse.app.get(DataSource);
    const salt = Buffer.from('0123456789abcdef');
    const old = await derive('Oldhash-password-1', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const oldHash = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64'), old.toString('base64')].join('$');
    await dataSource.query('UPDATE users SET password_hash = ? WHERE name = ?', [oldHash, 'Oldhash']);
    await signIn(gatehouse, 'Oldhash', 'Oldhash-password-1');
    const [row] = await dataSource.query<{ password_hash: string }[]>(
      'SELECT password_hash FROM users WHERE name = ?',
      ['Oldhash'],
    );
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    await signIn(gatehouse, 'Oldhash', 'Oldhash-password-1');
  });

  it('stops start-up, naming ADMIN_PASSWORD, when the first admin password breaks the policy', async () => {
    await expect(startTestApp({ env: { ADMIN_PASSWORD: 'qwertyuiop' } })).rejects.toThrow(/ADMIN_PASSWORD/);
  });

  describe.skipIf(missingComponent('chromium'))('in the browser', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('changes the password on the page, and the other browser is signed out', async () => {
      expect((await createUser('Browserchanger', 'Browserchanger-password-1')).status).toBe(201);
      const laptop = await newPerson(browser, gatehouse.url);
      const phone = await newPerson(browser, gatehouse.url);
      await signInInBrowser(laptop, gatehouse.url, 'Browserchanger', 'Browserchanger-password-1');
      await signInInBrowser(phone, gatehouse.url, 'Browserchanger', 'Browserchanger-password-1');
      await openPage(laptop, '/account/password');
      await laptop.locator('#field-currentPassword').fill('Browserchanger-password-1');
      await laptop.locator('#field-newPassword').fill('a long new passphrase');
      await laptop.locator('#field-confirmPassword').fill('a long new passphrase');
      await clickButton(laptop, 'Change password');
      expect(await textOf(laptop, '.cdx-message--success')).toContain('Your password was changed');
      await openPage(laptop, '/consumers/mine');
      await phone.goto('/consumers/mine');
      expect(new URL(phone.url()).pathname).toBe('/login');
    });

    it('sends a person whose password was reset to the form first, then where they were going', async () => {
      const created = await createUser('Browserresetee', 'Browserresetee-password-1');
      expect(created.status).toBe(201);
      const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      await admin.agent
        .post(`/api/admin/users/${(created.body as { id: number }).id}/password`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ password: 'temporary secret 43' })
        .expect(200);
      const person = await newPerson(browser, gatehouse.url);
      await person.goto('/consumers/mine');
      await fillSignInForm(person, 'Browserresetee', 'temporary secret 43');
      expect(new URL(person.url()).pathname).toBe('/account/password');
      expect(await textOf(person, '.cdx-message--warning')).toContain('An administrator reset your password');
      await person.locator('#field-currentPassword').fill('temporary secret 43');
      await person.locator('#field-newPassword').fill('chosen by me at last');
      await person.locator('#field-confirmPassword').fill('chosen by me at last');
      await clickButton(person, 'Change password');
      expect(new URL(person.url()).pathname).toBe('/consumers/mine');
    });
  });
});
