import supertest from 'supertest';
import { CALLBACK, type Oauth2Client, pkcePair, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** Pages in the person's language (issue 16): negotiation order, `lang`/`dir`, `Content-Language`, preferences. */
describe('languages', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let client: Oauth2Client;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Langdev');
    client = await registerOauth2Client(dev, admin, { name: 'Polyglot app' });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  function consentPage(user: SignedIn, extra: Record<string, string> = {}) {
    return user.agent.get('/oauth2/authorize').query({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: CALLBACK,
      state: 's',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
  }

  function expectLanguage(page: supertest.Response, lang: string, dir: 'ltr' | 'rtl'): void {
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<html lang="${lang}" dir="${dir}">`);
    expect(page.headers['content-language']).toBe(lang);
    expect(page.headers.vary).toMatch(/Accept-Language/i);
  }

  it('speaks English by default, in the default direction', async () => {
    const user = await createSignedInUser(gatehouse, 'Langdefault');
    const page = await consentPage(user);
    expectLanguage(page, 'en', 'ltr');
    expect(page.text).toContain('>Allow</button>');
    expectLanguage(await user.agent.get('/consumers/register/oauth2'), 'en', 'ltr');
  });

  it('follows uselang=ja on the consent page and the registration form', async () => {
    const user = await createSignedInUser(gatehouse, 'Languselang');
    const page = await consentPage(user, { uselang: 'ja' }).set('Accept-Language', 'he');
    expectLanguage(page, 'ja', 'ltr');
    expect(page.text).toContain('許可する');
    expectLanguage(await user.agent.get('/consumers/register/oauth2?uselang=ja'), 'ja', 'ltr');
  });

  it('follows Accept-Language: he, right to left', async () => {
    const user = await createSignedInUser(gatehouse, 'Langaccept');
    const page = await consentPage(user).set('Accept-Language', 'fr;q=0.9, he-IL;q=0.8, en;q=0.1');
    expectLanguage(page, 'he', 'rtl');
    expect(page.text).toContain('אישור');
    expectLanguage(await user.agent.get('/consumers/register/oauth2').set('Accept-Language', 'he'), 'he', 'rtl');
  });

  it("takes uselang on any page, beside the page's own query parameters", async () => {
    const user = await createSignedInUser(gatehouse, 'Langanywhere');
    for (const path of [
      '/?uselang=he',
      '/login?uselang=he',
      '/consumers?uselang=he&stage=approved',
      '/grants?uselang=he',
      '/notifications?uselang=he',
      '/account/security?uselang=he',
      '/account/preferences?uselang=he',
      '/consumers/register?uselang=he',
    ]) {
      const page = await user.agent.get(path);
      expect(page.status, path).toBe(200);
      expectLanguage(page, 'he', 'rtl');
    }
    expectLanguage(await admin.agent.get('/admin/consumers?uselang=he&stage=proposed'), 'he', 'rtl');
    expectLanguage(await admin.agent.get('/admin/users?uselang=he'), 'he', 'rtl');
  });

  it('falls back to the default on garbage Accept-Language, never failing', async () => {
    const page = await supertest(gatehouse.url).get('/login').set('Accept-Language', ';;q=x,,\u00e9-*-;');
    expectLanguage(page, 'en', 'ltr');
  });

  it('follows the saved preference over Accept-Language, and uselang over the preference', async () => {
    const user = await createSignedInUser(gatehouse, 'Langpref');
    const saved = await user.agent
      .put('/api/me/preferences')
      .set('X-CSRF-Token', user.csrfToken)
      .send({ language: 'he', timeZone: 'asia/tokyo', gender: 'female' })
      .expect(200);
    expect(saved.body).toEqual({ language: 'he', timeZone: 'Asia/Tokyo', gender: 'female' });
    expect((await user.agent.get('/api/me/preferences').expect(200)).body).toEqual(saved.body);

    expectLanguage(await consentPage(user).set('Accept-Language', 'ja'), 'he', 'rtl');
    expectLanguage(await user.agent.get('/consumers/register/oauth2').set('Accept-Language', 'ja'), 'he', 'rtl');
    expectLanguage(await consentPage(user, { uselang: 'ja' }), 'ja', 'ltr');
  });

  it('saves the preferences from the preferences page, linked from the account page', async () => {
    const user = await createSignedInUser(gatehouse, 'Langpage');
    expect((await user.agent.get('/account/security').expect(200)).text).toContain('href="/account/preferences"');
    const form = await user.agent.get('/account/preferences').expect(200);
    expect(form.text).toContain('<option value="ja"');
    expect(form.text).toContain('日本語');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const refused = await user.agent
      .post('/account/preferences')
      .type('form')
      .send({ csrf, language: 'ja', timeZone: 'Nowhere/Special', gender: 'male' })
      .expect(400);
    expect(refused.text).toContain('cdx-field--status-error');
    const saved = await user.agent
      .post('/account/preferences')
      .type('form')
      .send({ csrf, language: 'ja', timeZone: 'Asia/Tokyo', gender: 'male' })
      .expect(303);
    const page = await user.agent.get(saved.headers.location);
    expectLanguage(page, 'ja', 'ltr');
    expect(page.text).toMatch(/<option value="Asia\/Tokyo"\s+selected/);
    expect((await user.agent.get('/api/me/preferences').expect(200)).body).toEqual({
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      gender: 'male',
    });
  });

  it('refuses unsupported preferences with a 400 in the API error format', async () => {
    const user = await createSignedInUser(gatehouse, 'Langbad');
    for (const body of [
      { language: 'fr', timeZone: null, gender: 'unknown' },
      { language: null, timeZone: 'Mars/Olympus', gender: 'unknown' },
      { language: null, timeZone: null, gender: 'other' },
      { timeZone: null, gender: 'unknown' },
    ]) {
      const answer = await user.agent
        .put('/api/me/preferences')
        .set('X-CSRF-Token', user.csrfToken)
        .send(body)
        .expect(400);
      expect(answer.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect((await user.agent.get('/api/me/preferences').expect(200)).body).toEqual({
      language: null,
      timeZone: null,
      gender: 'unknown',
    });
  });

  it("counts OpenID Connect's ui_locales like uselang on the authorization pages", async () => {
    const oidcClient = await registerOauth2Client(dev, admin, { name: 'Polyglot RP', grants: ['openid'] });
    const user = await createSignedInUser(gatehouse, 'Langoidc');
    const page = await user.agent
      .get('/oauth2/authorize')
      .query({
        response_type: 'code',
        client_id: oidcClient.clientId,
        redirect_uri: CALLBACK,
        scope: 'openid',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        ui_locales: 'fr-CA he ja',
      })
      .set('Accept-Language', 'ja');
    expectLanguage(page, 'he', 'rtl');
  });

  it('keeps uselang through the sign-in round trip to the consent page', async () => {
    const user = await createSignedInUser(gatehouse, 'Langroundtrip');
    const visitor = supertest.agent(gatehouse.url);
    const start = await consentPage({ ...user, agent: visitor }, { uselang: 'he' }).expect(303);
    const login = await visitor.get(start.headers.location);
    expectLanguage(login, 'he', 'rtl');
    const csrf = /name="csrf" value="([^"]+)"/.exec(login.text)?.[1] ?? '';
    const returnTo = /name="returnTo" value="([^"]+)"/.exec(login.text)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const signedIn = await visitor
      .post('/login')
      .type('form')
      .send({ csrf, returnTo, username: 'Langroundtrip', password: 'Langroundtrip-password-1' })
      .expect(303);
    expectLanguage(await visitor.get(signedIn.headers.location), 'he', 'rtl');
  });

  it('keeps the JSON API in English, and describes grants in the language lang= names', async () => {
    const basic = (body: unknown) => (body as { name: string; description: string }[]).find((g) => g.name === 'basic');
    const english = await supertest(gatehouse.url).get('/api/grants').set('Accept-Language', 'he').expect(200);
    expect(english.headers['content-language']).toBeUndefined();
    expect(basic(english.body)?.description).toBe('Basic rights');
    const japanese = await supertest(gatehouse.url).get('/api/grants?lang=ja').expect(200);
    expect(basic(japanese.body)?.description).toBe('基本的なユーザー権限');
    const refused = await supertest(gatehouse.url).get('/api/grants?lang=fr').expect(400);
    expect(refused.body).toMatchObject({ code: expect.any(String) });
  });

  it('describes grants in the page language on the consent page and the registration form', async () => {
    const user = await createSignedInUser(gatehouse, 'Langgrants');
    expect((await consentPage(user, { uselang: 'he' })).text).toContain('זכויות בסיסיות');
    expect((await user.agent.get('/consumers/register/oauth2?uselang=ja')).text).toContain('既存のページの編集');
  });
  it("shows notifications in the reader's language, and keeps the API's message English", async () => {
    // The beforeAll approval of "Polyglot app" told its developer.
    const english = 'Admin approved your OAuth app (Polyglot app)';
    const api = await dev.agent.get('/api/me/notifications').set('Accept-Language', 'ja').expect(200);
    expect(api.body.notifications.map((entry: { message: string }) => entry.message)).toContain(english);
    const page = await dev.agent.get('/notifications?uselang=ja').expect(200);
    expect(page.text).toContain('Admin さんがあなたの OAuth アプリケーション「Polyglot app」を承認しました');
    expect((await dev.agent.get('/notifications?uselang=en').expect(200)).text).toContain(english);
  });
});
