import supertest from 'supertest';
import { type Oauth2Client, authorizationCode, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** "My grants" pages: the apps a person authorized, and revoking one through a form, as the JSON API does. */
describe('my grants pages', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn & { email: string };
  let other: SignedIn & { email: string };
  let app: Oauth2Client;

  const profile = (token: string) =>
    supertest(gatehouse.url).get('/oauth2/resource/profile').set('Authorization', `Bearer ${token}`);
  const myGrantIds = async (who: SignedIn): Promise<number[]> =>
    ((await who.agent.get('/api/me/grants').expect(200)).body as { id: number }[]).map((grant) => grant.id);
  const revokeForm = (who: SignedIn, id: number, csrf = who.csrfToken) =>
    who.agent.post(`/grants/${id}/revoke`).type('form').send({ csrf });

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Pubdev');
    user = await createSignedInUser(gatehouse, 'Granter');
    other = await createSignedInUser(gatehouse, 'Otheruser');
    app = await registerOauth2Client(dev, admin, { name: 'Grant <Viewer>', grants: ['basic', 'editpage'] });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('lists what the user authorized, revokes it through the form, and its token stops working', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    await profile(tokens.access_token).expect(200);
    const [id] = await myGrantIds(user);

    const list = await user.agent.get('/grants').expect(200);
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.text).toContain(`href="/consumers/${app.clientId}"`);
    expect(list.text).toContain('Grant &lt;Viewer&gt;');
    expect(list.text).toContain('Pubdev');
    expect(list.text).toContain('Edit existing pages');
    expect(list.text).toContain('Basic rights');
    expect(list.text).toContain('All sites');
    expect(list.text).toContain(`href="/grants/${id}"`);
    expect(list.text).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
    // The app's public page links its viewer to their own authorization of it, and nobody else.
    const appPage = await user.agent.get(`/consumers/${app.clientId}`).expect(200);
    expect(appPage.text).toContain(`href="/grants/${id}"`);
    const othersView = await supertest(gatehouse.url).get(`/consumers/${app.clientId}`).expect(200);
    expect(othersView.text).not.toContain('href="/grants/');

    const manage = await user.agent.get(`/grants/${id}`).expect(200);
    expect(manage.text).toContain('Edit existing pages');
    expect(manage.text).toContain(`action="/grants/${id}/revoke"`);
    expect(manage.text).toContain(`name="csrf" value="${user.csrfToken}"`);
    expect(manage.text).toContain('Revoke');

    const revoked = await revokeForm(user, id).expect(303);
    expect(revoked.headers.location).toBe('/grants?done=revoked');
    const after = await user.agent.get(revoked.headers.location).expect(200);
    expect(after.text).toContain('The authorization was revoked.');
    expect(after.text).toContain('You have not authorized any application.');
    expect(await myGrantIds(user)).toEqual([]);
    await profile(tokens.access_token).expect(401);
  });

  it('shows 20 authorizations a page, newest first, with a pager', async () => {
    const many = await createSignedInUser(gatehouse, 'Manygrants');
    for (let i = 0; i < 21; i++) {
      await authorizationCode(many, await registerOauth2Client(dev, admin, { name: `Paged app ${i}` }));
    }
    const first = await many.agent.get('/grants').expect(200);
    expect(first.text.match(/href="\/grants\/\d+"/g)).toHaveLength(20);
    expect(first.text).toContain('Paged app 20');
    expect(first.text).not.toContain('Paged app 0<');
    expect(first.text).toContain('href="/grants?cursor=20"');
    const second = await many.agent.get('/grants?cursor=20').expect(200);
    expect(second.text.match(/href="\/grants\/\d+"/g)).toHaveLength(1);
    expect(second.text).toContain('Paged app 0');
    await many.agent.get('/grants?cursor=x').expect(400);
  });

  it("answers another user's authorization and an unknown one with the same 404 page", async () => {
    await userTokens(gatehouse, user, app);
    const [id] = await myGrantIds(user);

    const theirs = await other.agent.get(`/grants/${id}`).expect(404);
    const unknown = await other.agent.get('/grants/999999').expect(404);
    expect(theirs.text).toContain('There is no such page.');
    expect(unknown.text).toContain('There is no such page.');
    await revokeForm(other, id).expect(404);
    expect((await other.agent.get('/grants').expect(200)).text).toContain('You have not authorized any application.');
    expect(await myGrantIds(user)).toEqual([id]);
  });

  it('refuses a revocation without the form token, and sends signed-out visitors to sign in', async () => {
    await userTokens(gatehouse, user, app);
    const [id] = await myGrantIds(user);

    const refused = await revokeForm(user, id, 'not-the-token').expect(403);
    expect(refused.text).toContain('This form expired');
    await user.agent.post(`/grants/${id}/revoke`).type('form').send({}).expect(403);
    expect(await myGrantIds(user)).toEqual([id]);

    const visitor = await supertest(gatehouse.url).get('/grants').expect(303);
    expect(visitor.headers.location).toBe('/login?returnTo=%2Fgrants');
    await supertest(gatehouse.url).get(`/grants/${id}`).expect(303);
    const post = await supertest(gatehouse.url).post(`/grants/${id}/revoke`).type('form').send({}).expect(303);
    expect(post.headers.location).toMatch(/^\/login/);
    // A bearer token is no person: the pages ignore it.
    const tokens = await userTokens(gatehouse, user, app);
    await supertest(gatehouse.url).get('/grants').set('Authorization', `Bearer ${tokens.access_token}`).expect(303);
  });
});
