import { createClient } from '@keyv/redis';
import supertest from 'supertest';
import { TemporaryStore } from '../../src/cache/temporary-store';
import { SESSION_COOKIE } from '../../src/identity/session-cookie';
import { approvedOauth1Consumer, sendSigned } from './support/oauth1-client';
import { authorizationCode, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/**
 * Secrets in the cache are hashed or sealed like those in the database (issue 19 row 14; RFC 6819 §5.1.4.1.3,
 * RFC 5849 §4.5): after an OAuth 1 handshake up to the verifier and an OAuth 2 authorization up to the code, no key
 * or value in the temporary store holds the request-token secret, the verifier, the code, a session id or its CSRF
 * token. Every
 * write is recorded on either backend, and on Redis its keys and values are read back as well.
 */
describe('the cache holds no usable secret', () => {
  let gatehouse: TestApp;
  const written: string[] = [];

  /** Signs in through a fresh agent and answers it with the session id its cookie carries. */
  const signInWithSessionId = async (name: string, password: string) => {
    const agent = supertest.agent(gatehouse.url);
    const login = await agent.post('/api/auth/login').send({ username: name, password }).expect(200);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const sessionId = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(
      cookies.find((c) => c.startsWith(SESSION_COOKIE)) ?? '',
    )?.[1];
    const signedIn: SignedIn = { agent, csrfToken: login.body.csrfToken as string, user: login.body.user };
    return { signedIn, sessionId: sessionId ?? '' };
  };

  /** Every key and value the store holds now, when it is Redis (the memory store is covered by the record). */
  const redisContents = async (): Promise<string[]> => {
    if (!gatehouse.env.CACHE_URL.startsWith('redis')) {
      return [];
    }
    const client = createClient({ url: gatehouse.env.CACHE_URL });
    await client.connect();
    try {
      const contents: string[] = [];
      for await (const keys of client.scanIterator({ MATCH: `${gatehouse.env.CACHE_PREFIX}*`, COUNT: 100 })) {
        for (const key of keys) {
          contents.push(key);
          const type = await client.type(key);
          if (type === 'string') {
            contents.push((await client.get(key)) ?? '');
          } else if (type === 'hash') {
            contents.push(JSON.stringify(await client.hGetAll(key)));
          }
        }
      }
      return contents;
    } finally {
      await client.quit();
    }
  };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    // Record every write, whatever the backend, before anyone signs in.
    const store = gatehouse.app.get(TemporaryStore);
    const [set, add] = [store.set.bind(store), store.add.bind(store)];
    const record = (key: string, value: unknown) => written.push(key, JSON.stringify(value));
    store.set = (key, value, ttl) => {
      record(key, value);
      return set(key, value, ttl);
    };
    store.add = (key, value, ttl) => {
      record(key, value);
      return add(key, value, ttl);
    };
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('keeps no request-token secret, verifier, authorization code, session id or CSRF token in any key or value', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Cachedev');
    await createSignedInUser(gatehouse, 'Cacheuser');
    const { signedIn: user, sessionId } = await signInWithSessionId('Cacheuser', 'Cacheuser-password-1');
    expect(sessionId).toMatch(/^[0-9a-f]{64}$/);

    // OAuth 1: initiate, then the user's consent, up to the verifier.
    const consumer = await approvedOauth1Consumer(dev, admin, 'Cache tool');
    const initiated = await sendSigned(gatehouse.url, consumer, {
      method: 'POST',
      target: '/oauth1/initiate',
      extra: { oauth_callback: 'oob' },
    }).expect(200);
    const request = new URLSearchParams(initiated.text);
    const requestToken = request.get('oauth_token') ?? '';
    const requestSecret = request.get('oauth_token_secret') ?? '';
    const page = await user.agent.get('/oauth1/authorize').query({ oauth_token: requestToken }).expect(200);
    const allowed = await user.agent
      .post('/oauth1/authorize')
      .type('form')
      .send({ csrf: /name="csrf" value="([^"]+)"/.exec(page.text)?.[1], requestToken, decision: 'allow' })
      .expect(303);
    const verifier = new URL(allowed.headers.location).searchParams.get('oauth_verifier') ?? '';

    // OAuth 2: the authorization, up to the code.
    const client = await registerOauth2Client(dev, admin, { name: 'Cache app' });
    const { code } = await authorizationCode(user, client);

    const secrets = { requestSecret, verifier, code, sessionId, csrfToken: user.csrfToken };
    for (const value of Object.values(secrets)) {
      expect(value).toMatch(/^[0-9a-f]{32,}$/);
    }
    const stored = [...written, ...(await redisContents())];
    expect(stored.length).toBeGreaterThan(0);
    const found = Object.entries(secrets)
      .filter(([, secret]) => stored.some((entry) => entry.includes(secret)))
      .map(([name]) => name);
    expect(found).toEqual([]);
  });
});
