import { DataSource } from 'typeorm';
import { SerializedCallbackUrls1795633000000 } from '../../migrations/1795633000000-SerializedCallbackUrls';
import { OAUTH1_ERRORS } from '../../src/oauth1/mediawiki-errors';
import { type Oauth1Credentials, sendSigned } from './support/oauth1-client';
import { authorize, pkcePair, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

type Developer = SignedIn & { email: string };

const INITIATE = '/w/index.php?title=Special:OAuth/initiate';
const DANGEROUS = [
  'javascript:alert(document.cookie)//',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
];
const NEWLINE_HOST = 'https://accounts.good.example\n.evil.example/cb';

/**
 * Issue 19, rows 5–7: which callbacks a consumer may register, and which a request may name, in both protocols,
 * at every way in (JSON API, MediaWiki REST, pages, OAuth 1 /initiate, OAuth 2 /authorize).
 */
describe('callback boundary', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: Developer;
  let user: Developer;
  let counter = 0;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Callbackdev');
    user = await createSignedInUser(gatehouse, 'Callbackuser');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const propose = (body: object) =>
    dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        name: `Callback app ${++counter}`,
        version: '1.0',
        description: 'd',
        email: dev.email,
        grants: ['basic'],
        ...body,
      });
  const approve = (key: string) =>
    admin.agent
      .post(`/api/admin/consumers/${key}/approve`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'ok' })
      .expect(200);
  const restClient = (callbackUrl: string) =>
    dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        name: `REST app ${++counter}`,
        description: 'd',
        callback_url: callbackUrl,
        email: dev.email,
        is_confidential: false,
        grant_types: ['authorization_code'],
        scopes: ['basic'],
      });
  const kinds = [
    { oauthVersion: 1 },
    { oauthVersion: 1, callbackIsPrefix: true },
    { oauthVersion: 2, oauth2IsConfidential: true },
    { oauthVersion: 2, oauth2IsConfidential: false },
  ];

  describe('registration (rows 5 and 6)', () => {
    it('refuses javascript:, data:, vbscript: and file: callbacks for every kind of consumer, at the JSON API', async () => {
      for (const callbackUrl of DANGEROUS) {
        for (const kind of kinds) {
          const response = await propose({ ...kind, callbackUrl });
          expect({ callbackUrl, kind, status: response.status, code: response.body.code }).toEqual({
            callbackUrl,
            kind,
            status: 400,
            code: 'invalid_callback_url',
          });
        }
      }
    });

    it('refuses the same at MediaWiki REST POST /oauth2/client, in its error shape', async () => {
      for (const callbackUrl of [...DANGEROUS, NEWLINE_HOST]) {
        const response = await restClient(callbackUrl);
        expect({ callbackUrl, status: response.status, errorKey: response.body.errorKey }).toEqual({
          callbackUrl,
          status: 400,
          errorKey: 'invalid_callback_url',
        });
      }
    });

    it('refuses a callback holding a newline, a tab, a space or an invisible character', async () => {
      const hidden = [
        NEWLINE_HOST,
        'https://accounts.good.example\r\n.evil.example/cb',
        'https://good.example/\tcb',
        ' https://good.example/cb',
        'https://good.example/cb\u0000',
        'https://good\u200b.example/cb',
        'https://good.exam\u00adple.evil.example/cb',
      ];
      for (const callbackUrl of hidden) {
        for (const kind of kinds) {
          const response = await propose({ ...kind, callbackUrl });
          expect({ callbackUrl, kind, status: response.status }).toEqual({ callbackUrl, kind, status: 400 });
          expect(response.body).toMatchObject({
            code: 'invalid_callback_url',
            message: expect.stringContaining('invisible'),
          });
        }
      }
    });

    it('refuses them on the registration page too, beside the field', async () => {
      const form = new URLSearchParams({
        name: 'Page app',
        version: '1.0',
        description: 'd',
        email: dev.email,
        callbackUrl: NEWLINE_HOST,
        grants: 'basic',
        ipAddresses: '0.0.0.0/0',
        oauth2IsConfidential: 'true',
        oauth2GrantTypes: 'authorization_code',
        csrf: dev.csrfToken,
      });
      const page = await dev.agent.post('/consumers/register/oauth2').type('form').send(form.toString()).expect(400);
      expect(page.text).toMatch(/id="field-callbackUrl-error"[^>]*>callbackUrl must not contain white space/);
      form.set('callbackUrl', 'javascript:alert(1)');
      form.set('oauth2IsConfidential', 'false');
      const scheme = await dev.agent.post('/consumers/register/oauth2').type('form').send(form.toString()).expect(400);
      expect(scheme.text).toMatch(/id="field-callbackUrl-error"[^>]*>callbackUrl must use https, http/);
    });

    it('stores, answers and shows the serialized form of the callback', async () => {
      const created = await propose({ oauthVersion: 2, callbackUrl: 'HTTPS://App.Example:443/a/../cb' }).expect(201);
      const { consumerKey, callbackUrl } = created.body.consumer as { consumerKey: string; callbackUrl: string };
      expect(callbackUrl).toBe('https://app.example/cb');
      const detail = await gatehouse.http().get(`/api/consumers/${consumerKey}`).expect(200);
      expect(detail.body.callbackUrl).toBe('https://app.example/cb');
      const page = await admin.agent.get(`/admin/consumers/${consumerKey}`).expect(200);
      expect(page.text).toContain('https://app.example/cb');
      expect(page.text).not.toContain('App.Example');
    });

    it('keeps native-app callbacks: a reverse-domain scheme and any port of an http loopback IP literal', async () => {
      const native = await propose({
        oauthVersion: 2,
        oauth2IsConfidential: false,
        callbackUrl: 'com.example.app:/oauth2redirect',
      }).expect(201);
      expect(native.body.consumer.callbackUrl).toBe('com.example.app:/oauth2redirect');
      const client = await registerOauth2Client(dev, admin, {
        name: 'Loopback app',
        confidential: false,
        callbackUrl: 'http://[::1]/cb',
      });
      const redirected = await authorize(user, {
        client_id: client.clientId,
        redirect_uri: 'http://[::1]:50123/cb',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
      });
      expect(redirected.origin + redirected.pathname).toBe('http://[::1]:50123/cb');
      expect(redirected.searchParams.get('code')).toBeTruthy();
    });
  });

  describe('OAuth 2 /authorize (row 6)', () => {
    it('answers a redirect_uri holding control characters or white space with an error page, never a redirect', async () => {
      const client = await registerOauth2Client(dev, admin, {
        name: 'Exact app',
        callbackUrl: 'https://app.example/cb',
      });
      for (const redirectUri of [
        'https://app.example/cb\n',
        'https://app.example\n/cb',
        'https://app.example/c\tb',
        'https://app.example/cb\u0000',
        ' https://app.example/cb',
        'https://app.example/cb\u00a0',
      ]) {
        const response = await user.agent.get('/oauth2/authorize').query({
          response_type: 'code',
          client_id: client.clientId,
          redirect_uri: redirectUri,
          code_challenge: pkcePair().challenge,
          code_challenge_method: 'S256',
        });
        expect({ redirectUri, status: response.status, location: response.headers.location }).toEqual({
          redirectUri,
          status: 401,
          location: undefined,
        });
      }
    });

    it('sends nobody to a stored callback with hidden characters, even one repeated exactly', async () => {
      const client = await registerOauth2Client(dev, admin, {
        name: 'Legacy app',
        callbackUrl: 'https://app.example/cb',
      });
      await gatehouse.app
        .get(DataSource)
        .query('UPDATE oauth_registered_consumer SET callback_url = ? WHERE consumer_key = ?', [
          NEWLINE_HOST,
          client.clientId,
        ]);
      for (const query of [{ redirect_uri: NEWLINE_HOST }, {}]) {
        const response = await user.agent.get('/oauth2/authorize').query({
          response_type: 'code',
          client_id: client.clientId,
          code_challenge: pkcePair().challenge,
          code_challenge_method: 'S256',
          ...query,
        });
        expect({ query, status: response.status, location: response.headers.location }).toEqual({
          query,
          status: 401,
          location: undefined,
        });
      }
    });
  });

  describe('OAuth 1 /initiate with a callback prefix (row 7)', () => {
    let prefixed: Oauth1Credentials;
    const initiate = (callback: string) =>
      sendSigned(gatehouse.url, prefixed, { method: 'POST', target: INITIATE, extra: { oauth_callback: callback } });

    beforeAll(async () => {
      const created = await propose({ oauthVersion: 1, callbackUrl: 'http://tool.example/cb', callbackIsPrefix: true });
      expect(created.status).toBe(201);
      await approve(created.body.consumer.consumerKey);
      prefixed = { consumerKey: created.body.consumer.consumerKey, consumerSecret: created.body.secret };
    });

    it('refuses callbacks that a browser resolves outside the prefix, with MediaWiki’s callback error', async () => {
      const expected = OAUTH1_ERRORS.badCallback(true).message;
      for (const callback of [
        'http://tool.example/cb/../../evil',
        'http://tool.example/cb/%2e%2e/%2e%2e/evil',
        'http://tool.example/cb/%2E%2E/evil',
        'http://tool.example/cb\\..\\..\\evil',
        'http://tool.example/cb/..%2fevil',
        'http://tool.example/cb/%2e%2e%5cevil',
        'http://tool.example/cb/..;/evil',
        'http://tool.example/cbevil',
        'http://tool.example/cb#x',
        'http://tool.example:8000@evil.example/cb',
        'http://tool.example.evil.example/cb',
        'http://tool.example\n.evil.example/cb',
        'http://tool.example/cb/\tx',
      ]) {
        const response = await initiate(callback);
        expect({ callback, status: response.status, text: response.text }).toEqual({
          callback,
          status: 400,
          text: `Error: ${expected}`,
        });
      }
    });

    it('sends the browser to the serialized callback it checked', async () => {
      const initiated = await initiate('HTTP://TOOL.example:80/cb/./done\\next?x=1').expect(200);
      const token = new URLSearchParams(initiated.text).get('oauth_token') as string;
      const page = await user.agent.get('/oauth1/authorize').query({ oauth_token: token }).expect(200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
      const allowed = await user.agent
        .post('/oauth1/authorize')
        .type('form')
        .send({ csrf, requestToken: token, decision: 'allow' })
        .expect(303);
      expect(allowed.headers.location).toMatch(
        /^http:\/\/tool\.example\/cb\/done\/next\?x=1&oauth_verifier=[0-9a-f]{32}&oauth_token=/,
      );
    });
  });

  describe('the migration to serialized callbacks (row 6)', () => {
    it('rewrites stored callbacks into their serialized form and leaves those with hidden characters', async () => {
      const dataSource = gatehouse.app.get(DataSource);
      const rows: [string, string][] = [
        ['HTTPS://Legacy.Example:443/a/../cb', 'https://legacy.example/cb'],
        ['https://legacy.example', 'https://legacy.example/'],
        ['http://tool.example/cb\\x', 'http://tool.example/cb/x'],
        ['https://legacy.example/cb', 'https://legacy.example/cb'],
        [NEWLINE_HOST, NEWLINE_HOST],
        ['not a url', 'not a url'],
      ];
      const keys: string[] = [];
      for (const [stored] of rows) {
        const created = await propose({ oauthVersion: 2, callbackUrl: 'https://placeholder.example/cb' }).expect(201);
        const key = created.body.consumer.consumerKey as string;
        await dataSource.query('UPDATE oauth_registered_consumer SET callback_url = ? WHERE consumer_key = ?', [
          stored,
          key,
        ]);
        keys.push(key);
      }
      const runner = dataSource.createQueryRunner();
      try {
        await new SerializedCallbackUrls1795633000000().up(runner);
      } finally {
        await runner.release();
      }
      for (const [index, [stored, serialized]] of rows.entries()) {
        const [row] = await dataSource.query<{ callback_url: string }[]>(
          'SELECT callback_url FROM oauth_registered_consumer WHERE consumer_key = ?',
          [keys[index]],
        );
        expect({ stored, now: row.callback_url }).toEqual({ stored, now: serialized });
      }
    });
  });
});
