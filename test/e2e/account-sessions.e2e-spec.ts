import supertest from 'supertest';
import { registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';
import { CapturedLog } from './support/captured-log';

interface Listed {
  id: string;
  current: boolean;
  ip: string;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
}

/** Sessions (issue 15 item 4): the person sees and ends theirs; an admin ends a user's, and blocks them. */
describe('account sessions', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  const log = new CapturedLog();

  beforeAll(async () => {
    gatehouse = await startTestApp({ logger: log.logger });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  async function signInWith(name: string, userAgent: string): Promise<SignedIn> {
    const agent = supertest.agent(gatehouse.url);
    const answer = await agent
      .post('/api/auth/login')
      .set('User-Agent', userAgent)
      .send({ username: name, password: `${name}-password-1` })
      .expect(200);
    return { agent, csrfToken: answer.body.csrfToken, user: answer.body.user };
  }

  it('lists where the person is signed in, and ends one session or all the others', async () => {
    const laptop = await createSignedInUser(gatehouse, 'Sessionista');
    const phone = await signInWith('Sessionista', 'Phone browser/1.0');
    const tablet = await signInWith('Sessionista', 'Tablet browser/2.0');
    const listed = (await phone.agent.get('/api/me/sessions').expect(200)).body as Listed[];
    expect(listed).toHaveLength(3);
    expect(listed.filter((session) => session.current)).toHaveLength(1);
    const current = listed.find((session) => session.current) as Listed;
    expect(current).toMatchObject({ userAgent: 'Phone browser/1.0', ip: '127.0.0.1' });
    expect(JSON.stringify(listed)).not.toMatch(/[0-9a-f]{64}/);
    const tabletSession = listed.find((session) => session.userAgent === 'Tablet browser/2.0') as Listed;
    await phone.agent.delete(`/api/me/sessions/${tabletSession.id}`).set('X-CSRF-Token', phone.csrfToken).expect(204);
    await tablet.agent.get('/api/me').expect(401);
    await phone.agent.delete(`/api/me/sessions/${tabletSession.id}`).set('X-CSRF-Token', phone.csrfToken).expect(404);
    const others = await phone.agent.delete('/api/me/sessions').set('X-CSRF-Token', phone.csrfToken).expect(200);
    expect(others.body).toEqual({ ended: 1 });
    await laptop.agent.get('/api/me').expect(401);
    await phone.agent.get('/api/me').expect(200);
    expect(log.audit()).toContainEqual(expect.objectContaining({ action: 'end-session', sid: tabletSession.id }));
  });

  it("does not let one person end another's session", async () => {
    const owner = await createSignedInUser(gatehouse, 'Ownersession');
    const stranger = await createSignedInUser(gatehouse, 'Strangersession');
    const [session] = (await owner.agent.get('/api/me/sessions').expect(200)).body as Listed[];
    await stranger.agent.delete(`/api/me/sessions/${session.id}`).set('X-CSRF-Token', stranger.csrfToken).expect(404);
    await owner.agent.get('/api/me').expect(200);
  });

  it('gives every sign-in a new session id, ending the one the browser had', async () => {
    await createSignedInUser(gatehouse, 'Rotator');
    const agent = supertest.agent(gatehouse.url);
    await agent.post('/api/auth/login').send({ username: 'Rotator', password: 'Rotator-password-1' }).expect(200);
    const before = agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
    await agent.post('/api/auth/login').send({ username: 'Rotator', password: 'Rotator-password-1' }).expect(200);
    const after = agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
    expect(after.map((c) => c.value)).not.toEqual(before.map((c) => c.value));
    await supertest(gatehouse.url)
      .get('/api/me')
      .set('Cookie', before.map((c) => `${c.name}=${c.value}`).join('; '))
      .expect(401);
    // The account's sessions: the one createSignedInUser opened, and this browser's new one.
    expect(((await agent.get('/api/me/sessions').expect(200)).body as Listed[]).length).toBe(2);
  });

  it('lets an admin end every session of a user, audited; others may not', async () => {
    const user = await createSignedInUser(gatehouse, 'Endedbyadmin');
    const second = await signInWith('Endedbyadmin', 'Second/1.0');
    await user.agent
      .post(`/api/admin/users/${user.user.id}/sessions/end`)
      .set('X-CSRF-Token', user.csrfToken)
      .expect(403);
    const ended = await admin.agent
      .post(`/api/admin/users/${user.user.id}/sessions/end`)
      .set('X-CSRF-Token', admin.csrfToken)
      .expect(200);
    expect(ended.body).toEqual({ ended: 2 });
    await user.agent.get('/api/me').expect(401);
    await second.agent.get('/api/me').expect(401);
    expect(log.audit()).toContainEqual(
      expect.objectContaining({ action: 'end-all-sessions', actorId: admin.user.id, userId: user.user.id, count: 2 }),
    );
  });

  it('blocks a user: their session acts nowhere and their tokens stop at once; unblocking restores them', async () => {
    const user = await createSignedInUser(gatehouse, 'Blockee');
    const developer = await createSignedInUser(gatehouse, 'Blockdev');
    const client = await registerOauth2Client(developer, admin, { name: 'Block app', grants: ['basic'] });
    const tokens = await userTokens(gatehouse, user, client);
    const bearer = () => gatehouse.http().get('/api/me').set('Authorization', `Bearer ${tokens.access_token}`);
    await bearer().expect(200);
    const block = (blocked: boolean) =>
      admin.agent
        .put(`/api/admin/users/${user.user.id}/block`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ blocked, reason: 'testing blocks' });
    expect((await block(true).expect(200)).body.blocked).toBe(true);
    const refused = await user.agent.get('/api/me').expect(403);
    expect(refused.body.code).toBe('blocked');
    await bearer().expect(401);
    await block(false).expect(200);
    await bearer().expect(200);
    await user.agent.get('/api/me').expect(200);
    expect(log.audit()).toContainEqual(
      expect.objectContaining({
        action: 'block',
        actorId: admin.user.id,
        userId: user.user.id,
        reason: 'testing blocks',
      }),
    );
  });

  it('shows the sessions on the security page, where one can be ended', async () => {
    const user = await createSignedInUser(gatehouse, 'Pagesessions');
    const other = await signInWith('Pagesessions', 'Other browser/3.0');
    const page = await user.agent.get('/account/security').expect(200);
    expect(page.text).toContain('Other browser/3.0');
    expect(page.text).toContain('This browser');
    const csrf = /name="csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
    const [otherSession] = ((await other.agent.get('/api/me/sessions').expect(200)).body as Listed[]).filter(
      (session) => session.current,
    );
    await user.agent
      .post(`/account/security/sessions/${otherSession.id}/end`)
      .type('form')
      .send({ csrf })
      .expect(303)
      .expect('Location', '/account/security?done=ended');
    await other.agent.get('/api/me').expect(401);
  });
});
