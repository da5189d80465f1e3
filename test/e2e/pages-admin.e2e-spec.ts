import supertest from 'supertest';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

type Person = SignedIn & { email: string };

/** The admin pages: the review queue, the manage form and user administration, with the JSON API as witness. */
describe('admin pages', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let reviewer: Person;
  let dev: Person;
  let plain: Person;
  let counter = 0;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    reviewer = await createSignedInUser(gatehouse, 'Reviewer', { groups: ['oauthadmin'] });
    dev = await createSignedInUser(gatehouse, 'Dev');
    plain = await createSignedInUser(gatehouse, 'Plain');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  /** Proposes an OAuth 2 client as Dev and answers its key. */
  const propose = async (): Promise<string> => {
    const response = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        oauthVersion: 2,
        name: `Queue App ${++counter}`,
        version: '1.0',
        description: 'An app waiting for review',
        callbackUrl: 'https://app.example/callback',
        email: dev.email,
        grants: ['basic'],
      })
      .expect(201);
    return (response.body as { consumer: { consumerKey: string } }).consumer.consumerKey;
  };

  /** A form post as a browser sends it, with the session's CSRF token unless told otherwise. */
  const postForm = (who: SignedIn, path: string, fields: [string, string][], csrf: string | null = who.csrfToken) =>
    who.agent
      .post(path)
      .type('form')
      .send(new URLSearchParams(csrf === null ? fields : [...fields, ['csrf', csrf]]).toString());

  /** The hidden change token of a manage page, as the browser would send it back. */
  const changeTokenOf = (page: string): string => {
    const match = /name="changeToken" value="([^"]*)"/.exec(page);
    expect(match).not.toBeNull();
    return (match as RegExpExecArray)[1].replace(/&quot;/g, '"');
  };

  /** Opens a consumer's manage page and sends its form as filled in, expecting `status`. */
  const manage = async (
    who: SignedIn,
    key: string,
    action: string,
    reason: string,
    status: number,
    extra: [string, string][] = [],
  ) => {
    const page = await who.agent.get(`/admin/consumers/${key}`).expect(200);
    return postForm(who, `/admin/consumers/${key}`, [
      ['action', action],
      ['reason', reason],
      ['changeToken', changeTokenOf(page.text)],
      ...extra,
    ]).expect(status);
  };

  const stageOf = async (key: string): Promise<string> =>
    ((await admin.agent.get(`/api/consumers/${key}`).expect(200)).body as { stage: string }).stage;

  const countOf = (page: string, stage: string): number => {
    const match = new RegExp(`href="/admin/consumers\\?stage=${stage.toLowerCase()}"[^>]*>${stage} \\((\\d+)\\)`).exec(
      page,
    );
    expect(match).not.toBeNull();
    return Number((match as RegExpExecArray)[1]);
  };

  describe('who may open them', () => {
    it('sends signed-out visitors to the login page and back', async () => {
      for (const path of ['/admin/consumers', '/admin/users', `/admin/consumers/${'a'.repeat(32)}`, '/admin/users/1']) {
        const response = await supertest(gatehouse.url).get(path).expect(303);
        expect(response.headers.location).toBe(`/login?returnTo=${encodeURIComponent(path)}`);
      }
    });

    it('refuses people without the rights, with a 403 page', async () => {
      const key = await propose();
      for (const path of [
        '/admin/consumers',
        `/admin/consumers/${key}`,
        '/admin/users',
        `/admin/users/${plain.user.id}`,
      ]) {
        const page = await plain.agent.get(path).expect(403);
        expect(page.text).toContain('You do not have permission to do this.');
      }
      await postForm(plain, `/admin/consumers/${key}`, [
        ['action', 'approve'],
        ['reason', 'let me in'],
        ['changeToken', '*'],
      ]).expect(403);
      await postForm(plain, '/admin/users', [
        ['name', 'Sneaky'],
        ['password', 'sneaky-password'],
        ['email', 'sneaky@example.com'],
      ]).expect(403);
      // Consumer admins are not user admins.
      await reviewer.agent.get('/admin/users').expect(403);
      expect(await stageOf(key)).toBe('proposed');
    });

    it('refuses a form without the session CSRF token', async () => {
      const key = await propose();
      const page = await admin.agent.get(`/admin/consumers/${key}`).expect(200);
      const fields: [string, string][] = [
        ['action', 'approve'],
        ['reason', 'looks fine'],
        ['changeToken', changeTokenOf(page.text)],
      ];
      const missing = await postForm(admin, `/admin/consumers/${key}`, fields, null).expect(403);
      expect(missing.text).toContain('This form expired');
      await postForm(admin, `/admin/consumers/${key}`, fields, 'not-the-token').expect(403);
      await postForm(admin, '/admin/users', [['name', 'Nobody']], null).expect(403);
      expect(await stageOf(key)).toBe('proposed');
    });

    it('shows the suppress box only to holders of mwoauthsuppress', async () => {
      const key = await propose();
      const sysop = await admin.agent.get(`/admin/consumers/${key}`).expect(200);
      expect(sysop.text).toContain('name="suppress"');
      const oauthadmin = await reviewer.agent.get(`/admin/consumers/${key}`).expect(200);
      expect(oauthadmin.text).not.toContain('name="suppress"');
      expect(oauthadmin.text).toContain('name="action"');
    });
  });

  describe('the review queue', () => {
    it('counts each stage and pages through one, 20 at a time', async () => {
      const before = await admin.agent.get('/admin/consumers').expect(200);
      const proposedBefore = countOf(before.text, 'Proposed');
      const keys: string[] = [];
      for (let i = 0; i < 21; i++) {
        keys.push(await propose());
      }
      await manage(admin, keys[0], 'approve', 'fine', 303);

      const first = await admin.agent.get('/admin/consumers').expect(200);
      expect(first.headers['cache-control']).toBe('no-store');
      expect(countOf(first.text, 'Proposed')).toBe(proposedBefore + 20);
      expect(countOf(first.text, 'Approved')).toBeGreaterThanOrEqual(1);
      // Every stage has its counted link (countOf fails when one is missing), and the counts are numbers.
      for (const stage of ['Rejected', 'Expired', 'Disabled']) {
        expect(Number.isInteger(countOf(first.text, stage))).toBe(true);
      }
      const rows = first.text.match(/<a href="\/admin\/consumers\/[0-9a-f]{32}">/g) ?? [];
      expect(rows).toHaveLength(20);
      // Newest first: the last proposal leads, with its version and publisher.
      expect(first.text).toContain(`href="/admin/consumers/${keys[20]}">Queue App ${counter}</a>`);
      expect(first.text).toContain('<td>Dev</td>');
      expect(first.text).not.toContain(`href="/admin/consumers/${keys[0]}"`);

      const next = /href="(\/admin\/consumers\?stage=proposed&amp;cursor=\d+)"/.exec(first.text);
      expect(next).not.toBeNull();
      const second = await admin.agent.get((next as RegExpExecArray)[1].replace('&amp;', '&')).expect(200);
      const secondRows = second.text.match(/<a href="\/admin\/consumers\/[0-9a-f]{32}">/g) ?? [];
      expect(secondRows.length).toBe(proposedBefore);
      expect(second.text).toContain('First page');

      const approved = await admin.agent.get('/admin/consumers?stage=approved').expect(200);
      expect(approved.text).toContain(`href="/admin/consumers/${keys[0]}"`);
      expect(approved.text).toContain('Approved consumers');
      await admin.agent.get('/admin/consumers?stage=bogus').expect(400);
      const any = await admin.agent.get('/admin/consumers?stage=any').expect(200);
      expect(any.text).toContain(`href="/admin/consumers/${keys[20]}"`);
    });
  });

  describe('the manage form', () => {
    it('approves a proposed consumer: 303, a notice, and the API shows the stage and the log entry', async () => {
      const key = await propose();
      const page = await admin.agent.get(`/admin/consumers/${key}`).expect(200);
      expect(page.text).toContain(key);
      expect(page.text).toContain('An app waiting for review');
      expect(page.text).toContain('dev@example.com');
      expect(page.text).toContain('0.0.0.0/0');
      expect(page.text).toContain('value="approve"');
      expect(page.text).toContain('value="reject"');
      expect(page.text).not.toContain('value="disable"');
      expect(page.text).not.toContain('value="reenable"');

      const response = await manage(admin, key, 'approve', 'Reviewed the callback', 303);
      expect(response.headers.location).toBe(`/admin/consumers/${key}?done=approve`);
      const after = await admin.agent.get(response.headers.location).expect(200);
      expect(after.text).toContain('The consumer was approved.');
      expect(after.text).toContain('Reviewed the callback');
      expect(after.text).toContain('value="disable"');
      expect(after.text).not.toContain('value="approve"');

      expect(await stageOf(key)).toBe('approved');
      const log = await admin.agent.get(`/api/log?consumer=${key}`).expect(200);
      expect(log.body.entries).toContainEqual(
        expect.objectContaining({
          action: 'approve',
          comment: 'Reviewed the callback',
          actor: expect.objectContaining({ name: 'Admin' }),
        }),
      );
    });

    it('rejects, disables and re-enables with reasons', async () => {
      const rejected = await propose();
      await manage(reviewer, rejected, 'reject', 'Not for us', 303);
      expect(await stageOf(rejected)).toBe('rejected');
      const rejectedPage = await reviewer.agent.get(`/admin/consumers/${rejected}?done=reject`).expect(200);
      expect(rejectedPage.text).toContain('The consumer was rejected.');
      expect(rejectedPage.text).toContain('value="approve"');

      const key = await propose();
      await manage(reviewer, key, 'approve', 'ok', 303);
      const disabled = await manage(reviewer, key, 'disable', 'Misbehaving', 303);
      expect(disabled.headers.location).toBe(`/admin/consumers/${key}?done=disable`);
      expect(await stageOf(key)).toBe('disabled');
      const page = await reviewer.agent.get(`/admin/consumers/${key}`).expect(200);
      expect(page.text).toContain('value="reenable"');
      expect(page.text).not.toContain('value="disable"');
      await manage(reviewer, key, 'reenable', 'Fixed', 303);
      expect(await stageOf(key)).toBe('approved');
      const log = await admin.agent.get(`/api/log?consumer=${key}`).expect(200);
      expect((log.body.entries as { action: string; comment: string }[]).map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['approve', 'disable', 'reenable']),
      );
    });

    it('lets a suppressor reject and suppress', async () => {
      const key = await propose();
      const rejectedSeenBy = async (who: SignedIn) =>
        countOf((await who.agent.get('/admin/consumers?stage=rejected').expect(200)).text, 'Rejected');
      const [adminBefore, reviewerBefore] = [await rejectedSeenBy(admin), await rejectedSeenBy(reviewer)];
      await manage(admin, key, 'reject', 'Spam', 303, [['suppress', 'true']]);
      // Only holders of mwoauthviewsuppressed count (and see) suppressed consumers.
      expect(await rejectedSeenBy(admin)).toBe(adminBefore + 1);
      expect(await rejectedSeenBy(reviewer)).toBe(reviewerBefore);
      await reviewer.agent.get(`/admin/consumers/${key}`).expect(404);
      const detail = await admin.agent.get(`/api/consumers/${key}`).expect(200);
      expect(detail.body).toMatchObject({ stage: 'rejected', suppressed: true });
      const page = await admin.agent.get(`/admin/consumers/${key}`).expect(200);
      expect(page.text).toContain('Suppressed');
    });

    it('shows a missing reason beside the field and changes nothing', async () => {
      const key = await propose();
      const response = await manage(admin, key, 'approve', '   ', 400);
      expect(response.text).toContain('Please give a reason.');
      expect(response.text).toContain('aria-invalid="true"');
      expect(response.text).toMatch(/value="approve"\s+checked/);
      const noAction = await manage(admin, key, '', 'a reason', 400);
      expect(noAction.text).toContain('Please choose an action.');
      expect(noAction.text).toContain('a reason');
      expect(await stageOf(key)).toBe('proposed');
    });

    it('refuses an action the stage does not allow, on the form', async () => {
      const key = await propose();
      const response = await manage(admin, key, 'reenable', 'why not', 409);
      expect(response.text).toContain('The consumer is not currently disabled');
      expect(response.text).toContain('name="reason"');
      expect(await stageOf(key)).toBe('proposed');
    });

    it('shows a conflict when the consumer changed since the form was opened', async () => {
      const key = await propose();
      const page = await admin.agent.get(`/admin/consumers/${key}`).expect(200);
      const stale = changeTokenOf(page.text);
      await manage(reviewer, key, 'approve', 'first', 303);
      const response = await postForm(admin, `/admin/consumers/${key}`, [
        ['action', 'disable'],
        ['reason', 'second'],
        ['changeToken', stale],
      ]).expect(409);
      expect(response.text).toContain('Someone changed this consumer as you viewed it');
      // The form comes back with the consumer as it is now, ready to send again.
      expect(changeTokenOf(response.text)).not.toBe(stale);
      expect(response.text).toContain('second');
      expect(await stageOf(key)).toBe('approved');
    });

    it('answers a 404 page for an unknown consumer', async () => {
      await admin.agent.get(`/admin/consumers/${'0'.repeat(32)}`).expect(404);
    });
  });

  describe('user administration', () => {
    it('lists users 20 a page with their email and groups', async () => {
      for (let i = 0; i < 20; i++) {
        await admin.agent
          .post('/api/admin/users')
          .set('X-CSRF-Token', admin.csrfToken)
          .send({ name: `Listed ${i}`, password: 'listed-password', email: `listed${i}@example.com` })
          .expect(201);
      }
      const first = await admin.agent.get('/admin/users').expect(200);
      expect(first.text).toMatch(/<a href="\/admin\/users\/\d+">Admin<\/a>/);
      expect(first.text).toContain('reviewer@example.com');
      expect(first.text).toContain('oauthadmin');
      expect(first.text.match(/<a href="\/admin\/users\/\d+">/g)).toHaveLength(20);
      expect(first.text).toContain('Create a user');
      expect(first.text).toContain('Groups and their rights');
      expect(first.text).toMatch(/<code>sysop<\/code>[\s\S]*<code>userrights<\/code>/);
      const next = /href="(\/admin\/users\?cursor=\d+)"/.exec(first.text);
      expect(next).not.toBeNull();
      const second = await admin.agent.get((next as RegExpExecArray)[1]).expect(200);
      expect(second.text).toContain('Listed 19');
      expect(second.text).not.toContain('>Admin</a>');
      await admin.agent.get('/admin/users?cursor=x').expect(400);
    });

    it('creates a user through the form, who can then sign in with the chosen groups', async () => {
      const response = await postForm(admin, '/admin/users', [
        ['name', 'Carol'],
        ['password', 'carol-password-1'],
        ['email', 'carol@example.com'],
        ['groups', 'oauthadmin'],
      ]).expect(303);
      expect(response.headers.location).toMatch(/^\/admin\/users\/\d+\?done=created$/);
      expect(response.headers.location).not.toContain('password');
      const page = await admin.agent.get(response.headers.location).expect(200);
      expect(page.text).toContain('The user was created.');
      expect(page.text).toContain('carol@example.com');
      expect(page.text).toMatch(/value="oauthadmin"\s+checked/);

      const carol = await signIn(gatehouse, 'Carol', 'carol-password-1');
      expect(carol.user.groups).toEqual(['oauthadmin']);
      await carol.agent.get('/admin/consumers').expect(200);
    });

    it("edits a user's groups through the form", async () => {
      const dave = await createSignedInUser(gatehouse, 'Dave');
      const page = await admin.agent.get(`/admin/users/${dave.user.id}`).expect(200);
      expect(page.text).toContain('Save groups');
      const saved = await postForm(admin, `/admin/users/${dave.user.id}`, [
        ['groups', 'oauthadmin'],
        ['groups', 'sysop'],
      ]).expect(303);
      expect(saved.headers.location).toBe(`/admin/users/${dave.user.id}?done=saved`);
      const after = await admin.agent.get(saved.headers.location).expect(200);
      expect(after.text).toContain('The groups were saved.');
      expect((await signIn(gatehouse, 'Dave', 'Dave-password-1')).user.groups).toEqual(['oauthadmin', 'sysop']);

      await postForm(admin, `/admin/users/${dave.user.id}`, []).expect(303);
      expect((await signIn(gatehouse, 'Dave', 'Dave-password-1')).user.groups).toEqual([]);

      const unknown = await postForm(admin, `/admin/users/${dave.user.id}`, [['groups', 'wizards']]).expect(400);
      expect(unknown.text).toContain('Unknown group wizards');
      await admin.agent.get('/admin/users/999999').expect(404);
    });

    it('shows a duplicate name and a short password beside their fields', async () => {
      const duplicate = await postForm(admin, '/admin/users', [
        ['name', 'Plain'],
        ['password', 'another-password'],
        ['email', 'plain2@example.com'],
      ]).expect(409);
      expect(duplicate.text).toContain('A user named Plain already exists');
      expect(duplicate.text).toContain('value="plain2@example.com"');

      const short = await postForm(admin, '/admin/users', [
        ['name', 'Shorty'],
        ['password', 'short'],
        ['email', 'shorty@example.com'],
      ]).expect(400);
      expect(short.text).toContain('password must be longer than or equal to 8 characters');
      expect(short.text).toContain('value="Shorty"');
      expect(short.text).not.toContain('value="short"');
      const login = await supertest(gatehouse.url)
        .post('/api/auth/login')
        .send({ username: 'Shorty', password: 'short' });
      expect(login.status).toBe(401);
    });
  });
});
