import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';

/**
 * New account names cannot pass for existing ones (MediaWiki's AntiSpoof, UTS #39 §4 skeletons): names are NFC,
 * invisible characters and odd spaces are refused, and a name that looks like an existing one (case aside) is
 * refused naming that account. The bootstrap admin `Admin` exists in every test app.
 */
describe('new user names', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let counter = 0;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const create = (name: string) =>
    admin.agent
      .post('/api/admin/users')
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ name, password: 'a-good-password-1', email: `user${++counter}@example.com` });
  const errorBody = (code: string) => ({ code, message: expect.any(String), requestId: expect.any(String) });

  it.each([
    ['a zero-width space', 'Admin\u200b'],
    ['a zero-width joiner inside', 'Ad\u200dmin'],
    ['a right-to-left override', 'Admin\u202e'],
    ['a soft hyphen', 'Ad\u00admin'],
    ['a byte order mark', '\ufeffAdmin'],
    ['a no-break space', 'New\u00a0user'],
    ['an ideographic space', 'New\u3000user'],
    ['a tab', 'New\tuser'],
    ['a line separator', 'New\u2028user'],
    ['a private-use character', 'New\ue000user'],
    ['a Hangul filler', 'New\u3164user'],
  ])('refuses a name with %s (400)', async (_case, name) => {
    const response = await create(name).expect(400);
    expect(response.body).toEqual(errorBody('invalid_user_name'));
  });

  it.each([
    ['fullwidth letters', '\uff21dmin'],
    ['a Cyrillic і', 'Adm\u0456n'],
    ['other case', 'ADMIN'],
    ['digits for letters', 'Adm1n'],
    ['a Greek capital alpha', '\u0391dmin'],
    ['mathematical letters', '\u{1d400}dmin'],
  ])('refuses a name that looks like an existing one, with %s (409)', async (_case, name) => {
    const response = await create(name).expect(409);
    expect(response.body).toEqual(errorBody('user_name_confusable'));
    expect(response.body.message).toContain('Admin');
  });

  it('refuses the same name in another form as the existing account', async () => {
    expect((await create('admin').expect(409)).body).toEqual(errorBody('user_exists'));
    expect((await create('Admin_').expect(409)).body).toEqual(errorBody('user_exists'));
  });

  it('accepts ordinary names, Latin or not, and keeps them apart from their look-alikes', async () => {
    expect((await create('Brandnew').expect(201)).body.name).toBe('Brandnew');
    expect((await create('Мария').expect(201)).body.name).toBe('Мария');
    expect((await create('李小龍').expect(201)).body.name).toBe('李小龍');
    expect((await create('Mary Ann').expect(201)).body.name).toBe('Mary Ann');
    // A Latin M and a, then Cyrillic р и я: it reads as "Мария".
    const mixed = await create('Ma\u0440\u0438\u044f').expect(409);
    expect(mixed.body.message).toContain('Мария');
  });

  it('stores names in NFC, so a decomposed name is the precomposed one', async () => {
    const created = await create('E\u0301milie').expect(201);
    expect(created.body.name).toBe('\u00c9milie');
    expect((await create('\u00c9milie').expect(409)).body.code).toBe('user_exists');
    await signIn(gatehouse, 'E\u0301milie', 'a-good-password-1');
  });

  it('lets only one of two look-alike names created at the same time through', async () => {
    const answers = await Promise.all([create('Racer'), create('Rac\u0435r'), create('RACER')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
  });
});
