import supertest from 'supertest';
import { PasswordHasher } from '../../src/identity/password-hasher';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';
import { CapturedLog } from './support/captured-log';

const THROTTLED = /^You have made too many recent sign-in attempts\. Please wait \d+ (seconds|minutes)/;

function login(gatehouse: TestApp, username: string, password: string) {
  return gatehouse.http().post('/api/auth/login').send({ username, password });
}

/** Sign-in throttling (MediaWiki's $wgPasswordAttemptThrottle), on the JSON API and the page alike. */
describe('sign-in throttling', () => {
  let gatehouse: TestApp;
  const log = new CapturedLog();

  beforeAll(async () => {
    gatehouse = await startTestApp({
      logger: log.logger,
      env: {
        LOGIN_THROTTLE_ACCOUNT_ADDRESS: '3/PT5M',
        LOGIN_THROTTLE_ACCOUNT: '6/PT1H',
        LOGIN_THROTTLE_ADDRESS: '8/PT5M',
        // Each test below comes from its own address, as a proxy in front would say.
        TRUST_PROXY: 'loopback',
      },
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('refuses the attempt past the limit with 429 and Retry-After, even with the right password, and audits it', async () => {
    const from = (request: supertest.Test) => request.set('X-Forwarded-For', '198.51.100.1');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await from(login(gatehouse, ADMIN.username, 'wrong-password')).expect(401);
    }
    const refused = await from(login(gatehouse, ADMIN.username, ADMIN.password)).expect(429);
    expect(refused.body.code).toBe('throttled');
    expect(refused.body.message).toMatch(THROTTLED);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(200);
    expect(retryAfter).toBeLessThanOrEqual(300);
    // The same account from another address is still let in, and that success clears the account's count.
    await login(gatehouse, ADMIN.username, ADMIN.password).set('X-Forwarded-For', '198.51.100.2').expect(200);
    const audit = log.records().filter((record) => record.action === 'login-throttled');
    expect(audit).toContainEqual(
      expect.objectContaining({ user: ADMIN.username, source: '198.51.100.1', limit: '3/300s' }),
    );
  });

  it('answers an unknown account exactly as a known one, with the same password hashing', async () => {
    const hasher = gatehouse.app.get(PasswordHasher);
    const verify = vi.spyOn(hasher, 'verify');
    const answers = async (username: string, address: string) => {
      verify.mockClear();
      const statuses: unknown[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const answer = await login(gatehouse, username, 'wrong-password').set('X-Forwarded-For', address);
        statuses.push([answer.status, answer.body.code, answer.body.message?.replace(/\d+/, 'N')]);
      }
      return { statuses, hashed: verify.mock.calls.length };
    };
    const known = await answers(ADMIN.username, '198.51.100.3');
    const unknown = await answers('Nobody here', '198.51.100.4');
    expect(unknown).toEqual(known);
    // Three checked passwords (the unknown name against a placeholder hash), then a refusal that hashes nothing.
    expect(known.hashed).toBe(3);
    expect(known.statuses[3]).toEqual([429, 'throttled', expect.stringMatching(/^You have made too many/)]);
    verify.mockRestore();
  });

  it('limits failures from one address across accounts, and lets other addresses in', async () => {
    const address = '203.0.113.7';
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await login(gatehouse, `Guess ${attempt}`, 'wrong-password').set('X-Forwarded-For', address).expect(401);
    }
    await login(gatehouse, ADMIN.username, ADMIN.password).set('X-Forwarded-For', address).expect(429);
    await login(gatehouse, ADMIN.username, ADMIN.password).set('X-Forwarded-For', '203.0.113.8').expect(200);
  });

  it('limits one account across addresses', async () => {
    const name = 'Spread target';
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await login(gatehouse, name, 'wrong-password')
        .set('X-Forwarded-For', `192.0.2.${attempt + 1}`)
        .expect(401);
    }
    await login(gatehouse, name, 'wrong-password').set('X-Forwarded-For', '192.0.2.100').expect(429);
  });

  it('refuses on the sign-in page with the message and Retry-After', async () => {
    const agent = supertest.agent(gatehouse.url);
    const submit = async () => {
      const form = await agent.get('/login').set('X-Forwarded-For', '198.51.100.9').expect(200);
      const csrf = /name="csrf" value="([^"]*)"/.exec(form.text)?.[1] ?? '';
      return agent
        .post('/login')
        .set('X-Forwarded-For', '198.51.100.9')
        .type('form')
        .send({ username: 'Page user', password: 'wrong-password', csrf });
    };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await submit()).status).toBe(401);
    }
    const refused = await submit();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.text).toContain('You have made too many recent sign-in attempts.');
  });
});

/** Two instances of one deployment count the same attempts: the limits hold however a balancer spreads them. */
describe.runIf(backend.redisUrl)('sign-in throttling across two instances', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ env: { LOGIN_THROTTLE_ACCOUNT_ADDRESS: '4/PT5M' } });
    second = await startTestApp({ shareWith: first, env: { PUBLIC_URL: first.url } });
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('counts attempts made on either instance together, also when they arrive at once', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, index) => login(index % 2 ? second : first, ADMIN.username, 'wrong-password')),
    );
    const statuses = attempts.map((answer) => answer.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429]);
    await login(second, ADMIN.username, ADMIN.password).expect(429);
  });
});
