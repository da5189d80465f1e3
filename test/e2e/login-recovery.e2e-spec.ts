import { generateSync } from 'otplib';
import supertest from 'supertest';
import { PasswordHasher } from '../../src/identity/password-hasher';
import type { SignedIn } from './support/session-client';
import { type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';
import { CapturedLog } from './support/captured-log';

const WRONG = 'Incorrect user name, password or recovery code';

/**
 * Issue 15: "a throttled account is told when to try again and can still use a second factor's recovery". Others
 * can fill an account's limit from anywhere and keep its owner out; the owner still signs in with the password and
 * a recovery code, which is checked first, so the way around the limit is no way to guess passwords.
 */
describe('recovery sign-in of a throttled account', () => {
  let gatehouse: TestApp;
  const log = new CapturedLog();

  beforeAll(async () => {
    gatehouse = await startTestApp({
      logger: log.logger,
      env: {
        LOGIN_THROTTLE_ACCOUNT_ADDRESS: '5/PT5M',
        LOGIN_THROTTLE_ACCOUNT: '3/PT1H',
        LOGIN_THROTTLE_ADDRESS: '50/PT5M',
        LOGIN_THROTTLE_RECOVERY: '4/PT1H',
        TRUST_PROXY: 'loopback',
      },
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  function login(body: Record<string, string>, address: string) {
    return gatehouse.http().post('/api/auth/login').set('X-Forwarded-For', address).send(body);
  }

  async function enrolledAndAttacked(name: string, subnet: string): Promise<{ user: SignedIn; codes: string[] }> {
    const user = await createSignedInUser(gatehouse, name);
    const begun = await user.agent.post('/api/me/two-factor/totp').set('X-CSRF-Token', user.csrfToken).expect(201);
    const confirmed = await user.agent
      .post('/api/me/two-factor/totp/confirm')
      .set('X-CSRF-Token', user.csrfToken)
      .send({ code: generateSync({ secret: begun.body.secret as string }) })
      .expect(200);
    // Three guesses from three addresses fill the account's limit from anywhere.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await login({ username: name, password: 'a-wrong-guess' }, `${subnet}.${attempt}`).expect(401);
    }
    return { user, codes: confirmed.body.recoveryCodes as string[] };
  }

  it('keeps the owner out with the password alone, says when to retry, and lets them in with a recovery code', async () => {
    const { user, codes } = await enrolledAndAttacked('Recoverer', '192.0.2');
    const password = 'Recoverer-password-1';
    const refused = await login({ username: 'Recoverer', password }, '198.51.100.20').expect(429);
    expect(refused.body.message).toMatch(/Please wait \d+ minutes before trying again\. .*recovery code/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);

    const recovered = await login({ username: 'Recoverer', password, recoveryCode: codes[0] }, '198.51.100.20').expect(
      200,
    );
    expect(recovered.body.user.name).toBe('Recoverer');
    expect(String(recovered.headers['set-cookie'])).toMatch(/gatehouse_session=/);
    expect(log.audit()).toContainEqual(
      expect.objectContaining({ action: 'sign-in', userId: user.user.id, factors: ['pwd', 'recovery-code'] }),
    );
    const status = await user.agent.get('/api/me/two-factor').expect(200);
    expect(status.body.recoveryCodesLeft).toBe(9);

    // Spent: the same code again is refused, with the one answer every failure gets.
    const again = await login({ username: 'Recoverer', password, recoveryCode: codes[0] }, '198.51.100.21').expect(401);
    expect(again.body).toMatchObject({ code: 'invalid_credentials', message: WRONG });
  });

  it('spends no code on a wrong password, and answers every failure alike, with the same hashing', async () => {
    const { user, codes } = await enrolledAndAttacked('Secondowner', '192.0.2');
    const hasher = gatehouse.app.get(PasswordHasher);
    const verify = vi.spyOn(hasher, 'verify');
    const attempt = async (body: Record<string, string>, address: string) => {
      verify.mockClear();
      const answer = await login(body, address);
      return { status: answer.status, body: answer.body as unknown, hashed: verify.mock.calls.length };
    };
    const wrongPassword = await attempt(
      { username: 'Secondowner', password: 'not-it', recoveryCode: codes[1] },
      '198.51.100.30',
    );
    const wrongCode = await attempt(
      { username: 'Secondowner', password: 'Secondowner-password-1', recoveryCode: 'aaaaa-aaaaa' },
      '198.51.100.31',
    );
    const unknownName = await attempt(
      { username: 'Nobody at all', password: 'Secondowner-password-1', recoveryCode: codes[1] },
      '198.51.100.32',
    );
    verify.mockRestore();
    for (const answer of [wrongPassword, wrongCode, unknownName]) {
      expect(answer).toEqual({
        status: 401,
        body: expect.objectContaining({ code: 'invalid_credentials', message: WRONG }),
        hashed: 1,
      });
    }
    const status = await user.agent.get('/api/me/two-factor').expect(200);
    expect(status.body.recoveryCodesLeft).toBe(10);
  });

  it('holds recovery attempts to their own limit, and to the address limits', async () => {
    const { codes } = await enrolledAndAttacked('Thirdowner', '192.0.2');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await login(
        { username: 'Thirdowner', password: 'wrong', recoveryCode: 'bbbbb-bbbbb' },
        `203.0.113.${attempt}`,
      ).expect(401);
    }
    const refused = await login(
      { username: 'Thirdowner', password: 'Thirdowner-password-1', recoveryCode: codes[0] },
      '203.0.113.50',
    ).expect(429);
    expect(refused.body.message).not.toMatch(/recovery code/);
  });

  it('offers the recovery code on the throttled sign-in page, which signs in with it', async () => {
    const { codes } = await enrolledAndAttacked('Pageowner', '192.0.2');
    const agent = supertest.agent(gatehouse.url);
    const address = '198.51.100.40';
    const submit = async (fields: Record<string, string>) => {
      const form = await agent.get('/login?returnTo=%2Fgrants').set('X-Forwarded-For', address).expect(200);
      expect(form.text).not.toContain('name="recoveryCode"');
      const csrf = /name="csrf" value="([^"]*)"/.exec(form.text)?.[1] ?? '';
      return agent
        .post('/login')
        .set('X-Forwarded-For', address)
        .type('form')
        .send({ ...fields, csrf, returnTo: '/grants' });
    };
    const refused = await submit({ username: 'Pageowner', password: 'Pageowner-password-1' });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('name="recoveryCode"');
    expect(refused.text).toContain('one of your recovery codes');

    const signedIn = await submit({ username: 'Pageowner', password: 'Pageowner-password-1', recoveryCode: codes[2] });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/grants');
    await agent.get('/api/me').expect(200);
  });
});
