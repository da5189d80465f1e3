import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type SignedIn, signIn } from './support/session-client';

describe('user and group administration', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const createUser = (body: object) =>
    admin.agent.post('/api/admin/users').set('X-CSRF-Token', admin.csrfToken).send(body);

  it('creates a user who can then sign in, with only the user group rights', async () => {
    const created = await createUser({ name: 'alice', password: 'alice-password', email: 'alice@example.com' }).expect(
      201,
    );
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      name: 'Alice',
      email: 'alice@example.com',
      groups: [],
      rights: [
        'editmyoptions',
        'editmyprivateinfo',
        'mwoauthmanagemygrants',
        'mwoauthproposeconsumer',
        'mwoauthupdateownconsumer',
        'read',
        'viewmyprivateinfo',
      ],
      emailConfirmed: true,
      blocked: false,
      locked: false,
    });
    expect(JSON.stringify(created.body)).not.toContain('alice-password');
    const alice = await signIn(gatehouse, 'Alice', 'alice-password');
    expect(alice.user.rights).not.toContain('userrights');
  });

  it('refuses a user without userrights with 403', async () => {
    await createUser({ name: 'Bob', password: 'bob-password', email: 'bob@example.com' }).expect(201);
    const bob = await signIn(gatehouse, 'Bob', 'bob-password');
    const response = await bob.agent
      .post('/api/admin/users')
      .set('X-CSRF-Token', bob.csrfToken)
      .send({ name: 'Mallory', password: 'mallory-password', email: 'm@example.com' })
      .expect(403);
    expect(response.body).toMatchObject({ code: 'permission_denied', message: expect.stringContaining('userrights') });
    await bob.agent
      .put(`/api/admin/users/${bob.user.id}/groups`)
      .set('X-CSRF-Token', bob.csrfToken)
      .send({ groups: ['sysop'] })
      .expect(403);
  });

  it('changes groups, and the new rights apply to the next request', async () => {
    const created = await createUser({ name: 'Carol', password: 'carol-password', email: 'carol@example.com' }).expect(
      201,
    );
    const carol = await signIn(gatehouse, 'Carol', 'carol-password');
    expect((await carol.agent.get('/api/me')).body.rights).not.toContain('mwoauthmanageconsumer');
    const updated = await admin.agent
      .put(`/api/admin/users/${created.body.id}/groups`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ groups: ['oauthadmin'] })
      .expect(200);
    expect(updated.body.groups).toEqual(['oauthadmin']);
    const me = await carol.agent.get('/api/me').expect(200);
    expect(me.body.groups).toEqual(['oauthadmin']);
    expect(me.body.rights).toEqual(expect.arrayContaining(['mwoauthmanageconsumer', 'mwoauthviewprivate']));
  });

  it('lists the groups and their rights', async () => {
    const groups = await admin.agent.get('/api/admin/groups').expect(200);
    expect(groups.body.map((group: { name: string }) => group.name)).toEqual(['user', 'oauthadmin', 'sysop']);
  });

  it.each([
    [{ name: 'Dave', password: 'dave-password', email: 'dave@example.com', groups: ['wizards'] }, 400, 'unknown_group'],
    [{ name: 'Admin', password: 'another-password', email: 'x@example.com' }, 409, 'user_exists'],
    [{ name: 'Eve', password: 'short', email: 'eve@example.com' }, 400, 'validation_failed'],
    [{ name: 'Eve', password: 'eve-password', email: 'not-an-email' }, 400, 'validation_failed'],
    [{ name: 'Eve/x', password: 'eve-password', email: 'eve@example.com' }, 400, 'validation_failed'],
    [{ name: 'Eve', password: 'eve-password', email: 'eve@example.com', isAdmin: true }, 400, 'validation_failed'],
    [{ name: 42, password: 'eve-password', email: 'eve@example.com' }, 400, 'validation_failed'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const response = await createUser(body).expect(status);
    expect(response.body).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  });

  it('names the offending field', async () => {
    const response = await createUser({
      name: 'Eve',
      password: 'eve-password',
      email: 'eve@example.com',
      isAdmin: true,
    });
    expect(response.body.message).toContain('isAdmin');
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    await admin.agent
      .put('/api/admin/users/999999/groups')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ groups: [] })
      .expect(404);
    await admin.agent
      .put('/api/admin/users/abc/groups')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ groups: [] })
      .expect(400);
  });

  it('keeps one user when two creations race for the same name', async () => {
    const body = { name: 'Racer', password: 'racer-password', email: 'racer@example.com' };
    const statuses = (await Promise.all([createUser(body), createUser(body), createUser(body)])).map((r) => r.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(2);
  });
});
