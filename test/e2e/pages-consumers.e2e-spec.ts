import supertest from 'supertest';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

type Developer = SignedIn & { email: string };

/**
 * The consumer pages: registering both kinds of app through the forms (credentials shown once, never in a URL),
 * my apps, the owner's update with its change token, and the public list and detail pages.
 */
describe('consumer pages', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: Developer;
  let other: Developer;
  /** Signed in, but without the developer rights (the implicit group lost them in this deployment). */
  let plain: Developer;
  let counter = 0;
  /** Every Location header the tests saw, and every secret the pages showed: none may be in the other. */
  const locations: string[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    gatehouse = await startTestApp({
      env: {
        GROUP_PERMISSIONS: JSON.stringify({
          user: { mwoauthproposeconsumer: false, mwoauthupdateownconsumer: false },
          developer: ['mwoauthproposeconsumer', 'mwoauthupdateownconsumer', 'mwoauthmanagemygrants'],
        }),
      },
    });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Dev', { groups: ['developer'] });
    other = await createSignedInUser(gatehouse, 'Other', { groups: ['developer'] });
    plain = await createSignedInUser(gatehouse, 'Plain');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  /** A form post as a browser sends it: urlencoded, repeated fields repeated, the CSRF token in `csrf`. */
  const post = (who: SignedIn, path: string, fields: [string, string][], csrf = who.csrfToken) => {
    const request = who.agent
      .post(path)
      .type('form')
      .send(new URLSearchParams([...fields, ...(csrf ? [['csrf', csrf] as [string, string]] : [])]).toString());
    request.on('response', (response: { headers: Record<string, string | undefined> }) => {
      if (response.headers.location) {
        locations.push(response.headers.location);
      }
    });
    return request;
  };
  const oauth2Form = (who: Developer, overrides: Record<string, string | string[]> = {}): [string, string][] =>
    fields({
      name: `Web app ${++counter}`,
      version: '1.0',
      description: 'A web application',
      email: who.email,
      callbackUrl: 'https://app.example/callback',
      grants: ['basic', 'editpage'],
      ipAddresses: '0.0.0.0/0\r\n::/0',
      oauth2IsConfidential: 'true',
      oauth2GrantTypes: ['authorization_code', 'refresh_token'],
      ...overrides,
    });
  const oauth1Form = (who: Developer, overrides: Record<string, string | string[]> = {}): [string, string][] =>
    fields({
      name: `Tool ${++counter}`,
      version: '1.0',
      description: 'An OAuth 1 tool',
      email: who.email,
      callbackUrl: 'https://tool.example/oauth/callback',
      grants: ['basic', 'highvolume'],
      ipAddresses: '0.0.0.0/0\r\n::/0',
      rsaKey: '',
      ...overrides,
    });
  /** Registers through the form and opens the one-time page; answers the key and the page. */
  const register = async (who: Developer, protocol: 'oauth1' | 'oauth2', form: [string, string][]) => {
    const response = await post(who, `/consumers/register/${protocol}`, form).expect(303);
    expect(response.headers.location).toMatch(/^\/consumers\/registered\/[0-9a-f]{32}$/);
    // A HEAD (a link checker carrying the cookies) must not spend the one-time page.
    await who.agent.head(response.headers.location).expect(405);
    const page = await who.agent.get(response.headers.location).expect(200);
    const key = shown(page.text, 'key');
    return { key, page, oneTimeUrl: response.headers.location };
  };

  it('sends a signed-out visitor to sign in, and refuses someone without the right', async () => {
    const visitor = await supertest(gatehouse.url).get('/consumers/register/oauth2').expect(303);
    expect(visitor.headers.location).toBe(`/login?returnTo=${encodeURIComponent('/consumers/register/oauth2')}`);
    await supertest(gatehouse.url).get('/consumers/mine').expect(303);
    const refused = await plain.agent.get('/consumers/register').expect(403);
    expect(refused.text).toContain('You do not have permission to do this.');
    await plain.agent.get('/consumers/register/oauth1').expect(403);
    await post(plain, '/consumers/register/oauth2', oauth2Form(plain)).expect(403);
  });

  it('offers both protocols, and a form with its defaults', async () => {
    const chooser = await dev.agent.get('/consumers/register').expect(200);
    expect(chooser.text).toContain('href="/consumers/register/oauth2"');
    expect(chooser.text).toContain('Register an OAuth 1.0a consumer');
    const form = await dev.agent.get('/consumers/register/oauth2').expect(200);
    expect(form.text).toContain('Application name');
    expect(form.text).toContain(`value="${dev.email}"`);
    expect(form.text).toMatch(/name="grants"\s+value="basic"\s+checked/);
    expect(form.text).toMatch(/name="grants"\s+value="editpage"\s+\/>/);
    expect(form.text).toContain('Edit existing pages');
    expect(form.text).toMatch(/name="oauth2IsConfidential"\s+value="true"\s+checked/);
    expect(form.text).toContain('0.0.0.0/0\n::/0</textarea');
    expect(form.text).not.toContain('name="rsaKey"');
    const oauth1 = await dev.agent.get('/consumers/register/oauth1').expect(200);
    expect(oauth1.text).toContain('name="rsaKey"');
    expect(oauth1.text).toContain('name="callbackIsPrefix"');
    expect(oauth1.text).not.toContain('name="oauth2GrantTypes"');
    await dev.agent.get('/consumers/register/oauth3').expect(404);
  });

  it('takes forms only: a JSON body gets a 415 page and registers nothing', async () => {
    const answer = await dev.agent
      .post('/consumers/register/oauth2')
      .send({ csrf: dev.csrfToken, name: 'JSON app', ipAddresses: 5 })
      .expect(415);
    expect(answer.text).toContain('HTML forms only');
    const mine = await dev.agent.get('/api/consumers').query({ name: 'JSON app', stage: 'any' }).expect(200);
    expect(mine.body.consumers).toHaveLength(0);
  });

  it('registers an OAuth 2 client and shows its secret once', async () => {
    const { key, page, oneTimeUrl } = await register(dev, 'oauth2', oauth2Form(dev));
    const secret = shown(page.text, 'secret');
    secrets.push(secret);
    expect(secret).toMatch(/^[0-9a-f]{40}$/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('will not be shown again');
    expect(page.text).not.toContain('secret-access-token');
    await dev.agent.get(oneTimeUrl).expect(404);
    const consumer = (await dev.agent.get(`/api/consumers/${key}`).expect(200)).body;
    expect(consumer).toMatchObject({
      oauthVersion: 2,
      stage: 'proposed',
      grants: ['basic', 'editpage'],
      oauth2IsConfidential: true,
      oauth2GrantTypes: ['authorization_code', 'refresh_token'],
      restrictions: { ipAddresses: ['0.0.0.0/0', '::/0'] },
    });
  });

  it('copies one of the developer’s own apps into a new registration, for a new version', async () => {
    const { key } = await register(dev, 'oauth2', oauth2Form(dev, { grants: ['basic', 'highvolume'] }));
    const detail = await dev.agent.get(`/consumers/${key}`).expect(200);
    expect(detail.text).toContain(`href="/consumers/register/oauth2?copy=${key}"`);
    const copied = await dev.agent.get(`/consumers/register/oauth2?copy=${key}`).expect(200);
    const name = /name="name"[^>]*value="([^"]*)"/.exec(copied.text)?.[1] ?? '';
    expect(name).toMatch(/^Web app \d+$/);
    expect(copied.text).toMatch(/name="grants"\s+value="highvolume"\s+checked/);
    expect(copied.text).toContain('https://app.example/callback');

    await post(dev, '/consumers/register/oauth2', oauth2Form(dev, { name, version: '1.0' })).expect(409);
    await register(dev, 'oauth2', oauth2Form(dev, { name, version: '1.1' }));

    await dev.agent.get(`/consumers/register/oauth1?copy=${key}`).expect(404);
    await dev.agent.get('/consumers/register/oauth2?copy=not-a-key').expect(404);
    await other.agent.get(`/consumers/register/oauth2?copy=${key}`).expect(404);
  });

  it('registers an OAuth 1 consumer, and shows the one-time page to nobody else', async () => {
    const response = await post(dev, '/consumers/register/oauth1', oauth1Form(dev, { callbackIsPrefix: 'true' }));
    expect(response.status).toBe(303);
    await other.agent.get(response.headers.location).expect(404);
    const page = await dev.agent.get(response.headers.location).expect(200);
    secrets.push(shown(page.text, 'secret'));
    const consumer = (await dev.agent.get(`/api/consumers/${shown(page.text, 'key')}`).expect(200)).body;
    expect(consumer).toMatchObject({ oauthVersion: 1, callbackIsPrefix: true, grants: ['basic', 'highvolume'] });
  });

  it('registers owner-only apps and shows their access credentials once', async () => {
    const oauth1 = await register(dev, 'oauth1', oauth1Form(dev, { ownerOnly: 'true', callbackUrl: '' }));
    const accessToken = shown(oauth1.page.text, 'access-token');
    const accessSecret = shown(oauth1.page.text, 'access-secret');
    secrets.push(shown(oauth1.page.text, 'secret'), accessToken, accessSecret);
    expect(accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect(accessSecret).toMatch(/^[0-9a-f]{40}$/);
    expect((await dev.agent.get(`/api/consumers/${oauth1.key}`).expect(200)).body).toMatchObject({
      stage: 'approved',
      ownerOnly: true,
    });

    // No grant type ticked: the service's choice for owner-only clients, client credentials.
    const oauth2 = await register(
      dev,
      'oauth2',
      oauth2Form(dev, { ownerOnly: 'true', callbackUrl: '', oauth2GrantTypes: [] }),
    );
    secrets.push(shown(oauth2.page.text, 'secret'), shown(oauth2.page.text, 'access-token'));
    expect(oauth2.page.text).not.toContain('secret-access-secret');
    expect((await dev.agent.get(`/api/consumers/${oauth2.key}`).expect(200)).body).toMatchObject({
      stage: 'approved',
      oauth2GrantTypes: ['client_credentials'],
    });
  });

  it('shows problems beside their fields and keeps what was typed', async () => {
    const missing = await post(dev, '/consumers/register/oauth2', oauth2Form(dev, { name: '' })).expect(400);
    expect(missing.text).toContain('Please correct the fields marked below.');
    expect(missing.text).toMatch(/id="field-name-error"[^>]*>This field is required\./);
    expect(missing.text).toContain('A web application</textarea');
    expect(missing.text).toMatch(/name="grants"\s+value="editpage"\s+checked/);

    const badCallback = await post(
      dev,
      '/consumers/register/oauth2',
      oauth2Form(dev, { callbackUrl: 'http://app.example/callback' }),
    ).expect(400);
    expect(badCallback.text).toMatch(/id="field-callbackUrl-error"[^>]*>Non-local OAuth 2 callback URLs must use/);
    expect(badCallback.text).toContain('value="http://app.example/callback"');

    const form = oauth1Form(dev, { name: 'Duplicate tool' });
    await register(dev, 'oauth1', form);
    const duplicate = await post(dev, '/consumers/register/oauth1', form).expect(409);
    expect(duplicate.text).toMatch(/id="field-name-error"[^>]*>A consumer with this name\/version\/publisher/);
    expect(duplicate.text).toContain('value="Duplicate tool"');

    const mine = await dev.agent.get('/api/me/consumers?stage=any&limit=100').expect(200);
    const names = (mine.body.consumers as { name: string }[]).map((consumer) => consumer.name);
    expect(names.filter((name) => name === 'Duplicate tool')).toHaveLength(1);
  });

  it('registers OpenID Connect logout URIs, shown serialized to the owner, the public and reviewing admins', async () => {
    const form = await dev.agent.get('/consumers/register/oauth2').expect(200);
    expect(form.text).toContain('Post-logout redirect URIs (one per line)');
    expect(form.text).toContain('name="backchannelLogoutUri"');
    const oauth1 = await dev.agent.get('/consumers/register/oauth1').expect(200);
    expect(oauth1.text).not.toContain('name="postLogoutRedirectUris"');
    expect(oauth1.text).not.toContain('name="backchannelLogoutUri"');

    const { key } = await register(
      dev,
      'oauth2',
      oauth2Form(dev, {
        postLogoutRedirectUris:
          'HTTPS://App.Example/a/../bye\r\n\r\n https://app.example/bye \r\nhttp://localhost:3000/',
        backchannelLogoutUri: 'HTTPS://App.Example/logout',
      }),
    );
    expect((await dev.agent.get(`/api/consumers/${key}`).expect(200)).body).toMatchObject({
      postLogoutRedirectUris: ['https://app.example/bye', 'http://localhost:3000/'],
      backchannelLogoutUri: 'https://app.example/logout',
    });
    for (const page of [
      await supertest(gatehouse.url).get(`/consumers/${key}`).expect(200),
      await admin.agent.get(`/admin/consumers/${key}`).expect(200),
    ]) {
      expect(page.text).toContain('Post-logout redirect URIs');
      expect(page.text).toContain('<code>https://app.example/bye</code><br /><code>http://localhost:3000/</code>');
      expect(page.text).toContain('Back-channel logout URI');
      expect(page.text).toContain('<code>https://app.example/logout</code>');
    }
    const copied = await dev.agent.get(`/consumers/register/oauth2?copy=${key}`).expect(200);
    expect(copied.text).toContain('https://app.example/bye\nhttp://localhost:3000/</textarea');
    expect(copied.text).toContain('value="https://app.example/logout"');

    const without = await register(
      dev,
      'oauth2',
      oauth2Form(dev, { postLogoutRedirectUris: '', backchannelLogoutUri: '' }),
    );
    const detail = await supertest(gatehouse.url).get(`/consumers/${without.key}`).expect(200);
    expect(detail.text).not.toContain('Post-logout redirect URIs');
  });

  it.each([
    [
      'postLogoutRedirectUris',
      'https://app.example/ok\r\nhttp://app.example/bye',
      /postLogoutRedirectUris\[1\]: Non-local/,
    ],
    ['postLogoutRedirectUris', 'https://app.example/bye#top', /postLogoutRedirectUris\[0\] must not carry a fragment/],
    [
      'postLogoutRedirectUris',
      Array.from({ length: 11 }, (_, i) => `https://app.example/${i}`).join('\r\n'),
      /no more than 10/,
    ],
    ['backchannelLogoutUri', 'http://app.example/logout', /backchannelLogoutUri must use https/],
    ['backchannelLogoutUri', 'com.example.app:/logout', /backchannelLogoutUri must use https/],
  ])('shows a refused %s beside its field: %j', async (field, value, message) => {
    const refused = await post(dev, '/consumers/register/oauth2', oauth2Form(dev, { [field]: value })).expect(400);
    const error = new RegExp(`id="field-${field}-error"[^>]*>([^<]*)<`).exec(refused.text)?.[1] ?? '';
    expect(error).toMatch(message);
  });

  it('refuses logout URIs for an owner-only client, in a banner', async () => {
    const refused = await post(
      dev,
      '/consumers/register/oauth2',
      oauth2Form(dev, {
        ownerOnly: 'true',
        callbackUrl: '',
        oauth2GrantTypes: [],
        backchannelLogoutUri: 'https://app.example/logout',
      }),
    ).expect(400);
    expect(refused.text).toContain('Owner-only clients sign nobody in');
  });

  it('refuses a form without the CSRF token', async () => {
    const form = oauth2Form(dev, { name: 'Forged app' });
    const refused = await post(dev, '/consumers/register/oauth2', form, '').expect(403);
    expect(refused.text).toContain('This form expired');
    await post(dev, '/consumers/register/oauth2', form, 'not-the-token').expect(403);
    const listed = await supertest(gatehouse.url).get('/consumers?name=Forged%20app&stage=any').expect(200);
    expect(listed.text).toContain('No application matches.');
  });

  it("lists the developer's own apps with links to view and update them", async () => {
    const { key } = await register(dev, 'oauth2', oauth2Form(dev, { name: 'Listed app' }));
    const page = await dev.agent.get('/consumers/mine').expect(200);
    expect(page.text).toContain('Listed app');
    expect(page.text).toContain(`href="/consumers/${key}"`);
    expect(page.text).toContain(`href="/consumers/${key}/update"`);
    const others = await other.agent.get('/consumers/mine').expect(200);
    expect(others.text).not.toContain('Listed app');
  });

  it('registers, shows and updates the DPoP requirement of an OAuth 2 app, audited (RFC 9449 §5.2)', async () => {
    const { key } = await register(dev, 'oauth2', oauth2Form(dev, { dpopBoundAccessTokens: 'true' }));
    expect((await dev.agent.get(`/api/consumers/${key}`).expect(200)).body.dpopBoundAccessTokens).toBe(true);
    for (const page of [
      await supertest(gatehouse.url).get(`/consumers/${key}`).expect(200),
      await admin.agent.get(`/admin/consumers/${key}`).expect(200),
    ]) {
      expect(page.text).toContain('Requires DPoP-bound access tokens');
    }
    const form = await dev.agent.get(`/consumers/${key}/update`).expect(200);
    expect(form.text).toMatch(/name="dpopBoundAccessTokens"[^>]*checked/);
    await post(dev, `/consumers/${key}/update`, [
      ['ipAddresses', '0.0.0.0/0\r\n::/0'],
      ['reason', 'tokens may be bearer again'],
      ['changeToken', changeToken(form.text)],
    ]).expect(303);
    expect((await dev.agent.get(`/api/consumers/${key}`).expect(200)).body.dpopBoundAccessTokens).toBe(false);
    const log = await admin.agent.get(`/api/log?consumer=${key}`).expect(200);
    expect(log.body.entries[0]).toMatchObject({ action: 'update', comment: 'tokens may be bearer again' });
    const oauth1 = await register(dev, 'oauth1', oauth1Form(dev));
    expect((await dev.agent.get(`/consumers/${oauth1.key}/update`).expect(200)).text).not.toContain('DPoP');
  });

  it('lets the owner update IP ranges, and reset the secret shown once', async () => {
    const { key, page } = await register(dev, 'oauth1', oauth1Form(dev));
    const first = shown(page.text, 'secret');
    secrets.push(first);
    await other.agent.get(`/consumers/${key}/update`).expect(403);
    await plain.agent.get(`/consumers/${key}/update`).expect(403);

    const form = await dev.agent.get(`/consumers/${key}/update`).expect(200);
    expect(form.text).toContain('0.0.0.0/0\n::/0</textarea');
    const token = changeToken(form.text);
    const updated = await post(dev, `/consumers/${key}/update`, [
      ['ipAddresses', '10.0.0.0/8\r\n'],
      ['rsaKey', ''],
      ['reason', 'office only'],
      ['changeToken', token],
    ]).expect(303);
    expect(updated.headers.location).toBe(`/consumers/${key}?done=updated`);
    expect((await dev.agent.get(updated.headers.location).expect(200)).text).toContain('The application was updated.');
    expect((await dev.agent.get(`/api/consumers/${key}`).expect(200)).body.restrictions).toEqual({
      ipAddresses: ['10.0.0.0/8'],
    });

    // The token read before that update is stale now.
    const stale = await post(dev, `/consumers/${key}/update`, [
      ['ipAddresses', '192.0.2.0/24'],
      ['changeToken', token],
    ]).expect(409);
    expect(stale.text).toContain('Someone changed this consumer as you viewed it');
    expect(stale.text).toContain('192.0.2.0/24</textarea');
    expect(changeToken(stale.text)).not.toBe(token);

    const badRange = await post(dev, `/consumers/${key}/update`, [
      ['ipAddresses', '10.0.0.0/33'],
      ['changeToken', changeToken(stale.text)],
    ]).expect(400);
    expect(badRange.text).toMatch(/id="field-ipAddresses-error"[^>]*>Invalid IP range: 10.0.0.0\/33/);

    const reset = await post(dev, `/consumers/${key}/update`, [
      ['ipAddresses', '10.0.0.0/8'],
      ['resetSecret', 'true'],
      ['reason', 'leaked'],
      ['changeToken', changeToken(stale.text)],
    ]).expect(303);
    expect(reset.headers.location).toMatch(/^\/consumers\/registered\/[0-9a-f]{32}$/);
    const shownOnce = await dev.agent.get(reset.headers.location).expect(200);
    expect(shownOnce.text).toContain('New credentials');
    const second = shown(shownOnce.text, 'secret');
    secrets.push(second);
    expect(second).toMatch(/^[0-9a-f]{40}$/);
    expect(second).not.toBe(first);
    await dev.agent.get(reset.headers.location).expect(404);

    const log = await dev.agent.get(`/api/log?consumer=${key}`).expect(200);
    expect(log.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['update', 'update', 'propose']);
  });

  it('resets the token of an owner-only OAuth 2 client and shows the new one once', async () => {
    const { key, page } = await register(
      dev,
      'oauth2',
      oauth2Form(dev, { ownerOnly: 'true', callbackUrl: '', oauth2GrantTypes: ['client_credentials'] }),
    );
    const oldToken = shown(page.text, 'access-token');
    secrets.push(oldToken, shown(page.text, 'secret'));
    const form = await dev.agent.get(`/consumers/${key}/update`).expect(200);
    expect(form.text).not.toContain('name="rsaKey"');
    const reset = await post(dev, `/consumers/${key}/update`, [
      ['ipAddresses', '0.0.0.0/0\n::/0'],
      ['resetSecret', 'true'],
      ['changeToken', changeToken(form.text)],
    ]).expect(303);
    const shownOnce = await dev.agent.get(reset.headers.location).expect(200);
    const newToken = shown(shownOnce.text, 'access-token');
    secrets.push(newToken, shown(shownOnce.text, 'secret'));
    expect(newToken).not.toBe(oldToken);
  });

  it('lists approved apps publicly, with filters and a pager that keeps them', async () => {
    const pager = await createSignedInUser(gatehouse, 'Pager', { groups: ['developer'] });
    const keys: string[] = [];
    for (let i = 0; i < 21; i++) {
      const created = await pager.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', pager.csrfToken)
        .send({
          oauthVersion: 2,
          name: `Paged ${i}`,
          version: '1.0',
          description: 'Paged app',
          callbackUrl: 'https://paged.example/cb',
          email: pager.email,
          grants: ['basic'],
        })
        .expect(201);
      keys.push(created.body.consumer.consumerKey as string);
    }
    await admin.agent
      .post(`/api/admin/consumers/${keys[0]}/approve`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'fine' })
      .expect(200);

    const visitor = supertest(gatehouse.url);
    const approved = await visitor.get('/consumers').expect(200);
    expect(approved.text).toContain(`href="/consumers/${keys[0]}"`);
    expect(approved.text).not.toContain(`href="/consumers/${keys[1]}"`);
    expect(approved.text).toMatch(/<option value="approved"\s+selected/);

    const first = await visitor.get('/consumers?publisher=Pager&stage=any&name=').expect(200);
    expect(first.text.match(/<tr>/g)).toHaveLength(21); // the heading row and 20 consumers
    expect(first.text).toContain(`href="/consumers/${keys[20]}"`);
    expect(first.text).toContain('value="Pager"');
    const next = /href="(\/consumers\?[^"]*cursor=[^"]*)"/.exec(first.text)?.[1].replace(/&amp;/g, '&');
    expect(next).toContain('publisher=Pager');
    expect(next).toContain('stage=any');
    const second = await visitor.get(next as string).expect(200);
    expect(second.text.match(/<tr>/g)).toHaveLength(2);
    expect(second.text).toContain(`href="/consumers/${keys[0]}"`);
    expect(second.text).toContain('First page');

    const byName = await visitor.get('/consumers?name=Paged%205&stage=proposed').expect(200);
    expect(byName.text).toContain(`href="/consumers/${keys[5]}"`);
    expect(byName.text.match(/<tr>/g)).toHaveLength(2);
    const nobody = await visitor.get('/consumers?publisher=Nobody&stage=any').expect(200);
    expect(nobody.text).toContain('No application matches.');
    const badStage = await visitor.get('/consumers?stage=flying').expect(400);
    expect(badStage.text).toContain('id="field-stage-error"');
  });

  it('shows a consumer with its grants and log, and the links its viewer may follow', async () => {
    const { key } = await register(dev, 'oauth2', oauth2Form(dev, { name: 'Detailed app' }));
    await admin.agent
      .post(`/api/admin/consumers/${key}/approve`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'Looks <fine>' })
      .expect(200);

    const visitor = await supertest(gatehouse.url).get(`/consumers/${key}`).expect(200);
    expect(visitor.text).toContain('Detailed app 1.0');
    expect(visitor.text).toContain('A web application');
    expect(visitor.text).toContain('https://app.example/callback');
    expect(visitor.text).toContain('Edit existing pages');
    expect(visitor.text).toContain('Authorization code, Refresh token');
    expect(visitor.text).toContain('Looks &lt;fine&gt;');
    expect(visitor.text).toContain('approved');
    expect(visitor.text).toContain('proposed');
    expect(visitor.text).not.toContain(dev.email);
    expect(visitor.text).not.toContain(`/consumers/${key}/update`);
    expect(visitor.text).not.toContain(`/admin/consumers/${key}`);

    const owner = await dev.agent.get(`/consumers/${key}`).expect(200);
    expect(owner.text).toContain(`href="/consumers/${key}/update"`);
    expect(owner.text).toContain(dev.email);
    const manager = await admin.agent.get(`/consumers/${key}`).expect(200);
    expect(manager.text).toContain(`href="/admin/consumers/${key}"`);
    expect(manager.text).not.toContain(`href="/consumers/${key}/update"`);

    await supertest(gatehouse.url)
      .get(`/consumers/${'0'.repeat(32)}`)
      .expect(404);
    await supertest(gatehouse.url).get('/consumers/not-a-key').expect(404);
  });

  it('hides a suppressed consumer from visitors as if it did not exist', async () => {
    const { key } = await register(dev, 'oauth1', oauth1Form(dev));
    await admin.agent
      .post(`/api/admin/consumers/${key}/reject`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'abuse', suppress: true })
      .expect(200);
    const hidden = await supertest(gatehouse.url).get(`/consumers/${key}`).expect(404);
    expect(hidden.text).toContain(`No consumer exists with the key ${key}`);
    await admin.agent.get(`/consumers/${key}`).expect(200);
  });

  it('never put a secret in a Location header (checked over every form post above)', () => {
    expect(locations.length).toBeGreaterThan(10);
    expect(secrets.length).toBeGreaterThan(10);
    for (const location of locations) {
      for (const secret of secrets) {
        expect(location).not.toContain(secret);
      }
    }
  });
});

/** Form fields from values; a list is a repeated field (checkbox group). */
function fields(values: Record<string, string | string[]>): [string, string][] {
  return Object.entries(values).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((one): [string, string] => [name, one]),
  );
}

/** The value a page shows in `secretBox(id, …)`. */
function shown(page: string, id: string): string {
  const value = new RegExp(`<code id="secret-${id}">([^<]*)</code>`).exec(page)?.[1];
  expect(value, `secret-${id} on the page`).toBeDefined();
  return value as string;
}

/** The hidden change token of an update form. */
function changeToken(page: string): string {
  const value = /name="changeToken" value="([^"]*)"/.exec(page)?.[1];
  expect(value).toBeDefined();
  return (value as string).replace(/&quot;/g, '"');
}
