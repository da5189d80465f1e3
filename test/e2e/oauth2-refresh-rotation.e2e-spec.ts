import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

type Tokens = Awaited<ReturnType<typeof userTokens>>;

/**
 * Refresh-token rotation keeps one live branch per grant (issue 19 row 8; RFC 9700 §4.14.2, RFC 6819 §5.2.2.3): a
 * retry within the grace period replaces the successor it was given before, and concurrent refreshes of one token
 * leave exactly one live refresh token, on both backends.
 */
describe('OAuth 2 refresh-token rotation: one live branch', () => {
  let gatehouse: TestApp;
  let user: SignedIn & { email: string };
  let client: Oauth2Client;

  const refresh = (refreshToken: string) =>
    postForm(gatehouse, '/oauth2/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, client);
  const active = async (token: string): Promise<boolean> => {
    const answer = await postForm(gatehouse, '/oauth2/introspect', { token }, client).expect(200);
    return (answer.body as { active: boolean }).active;
  };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Rotationdev');
    user = await createSignedInUser(gatehouse, 'Rotationuser');
    client = await registerOauth2Client(dev, admin, { name: 'Rotation app' });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('answers a retry within the grace period with a pair that replaces the earlier successor', async () => {
    const first = await userTokens(gatehouse, user, client);
    const earlier = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;
    const retried = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;

    expect(await active(earlier.refresh_token as string)).toBe(false);
    expect(await active(earlier.access_token)).toBe(false);
    const refused = await refresh(earlier.refresh_token as string).expect(400);
    expect(refused.body.error).toBe('invalid_grant');

    expect(await active(retried.access_token)).toBe(true);
    expect(await active(retried.refresh_token as string)).toBe(true);
    const next = (await refresh(retried.refresh_token as string).expect(200)).body as Tokens;
    expect(await active(next.access_token)).toBe(true);
  });

  it('refuses a second retry of the same token and keeps the branch the first retry made', async () => {
    const first = await userTokens(gatehouse, user, client);
    await refresh(first.refresh_token as string).expect(200);
    const retried = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;

    const again = await refresh(first.refresh_token as string).expect(400);
    expect(again.body.error).toBe('invalid_grant');
    expect(await active(retried.refresh_token as string)).toBe(true);
    expect(await active(retried.access_token)).toBe(true);
  });

  it('leaves exactly one live refresh token and one live access token after 10 concurrent refreshes of one token', async () => {
    // A race needs several tries to show: each round is a fresh grant refreshed 10 times at once.
    for (let round = 1; round <= 4; round += 1) {
      const first = await userTokens(gatehouse, user, client);
      const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(first.refresh_token as string)));
      const issued = answers.filter((answer) => answer.status === 200).map((answer) => answer.body as Tokens);
      const refused = answers.filter((answer) => answer.status !== 200);
      expect(issued.length).toBeGreaterThanOrEqual(1);
      expect(refused.every((answer) => answer.status === 400 && answer.body.error === 'invalid_grant')).toBe(true);

      const liveRefresh: string[] = [];
      const liveAccess: string[] = [];
      for (const tokens of issued) {
        if (await active(tokens.refresh_token as string)) {
          liveRefresh.push(tokens.refresh_token as string);
        }
        if (await active(tokens.access_token)) {
          liveAccess.push(tokens.access_token);
        }
      }
      expect({ round, liveRefresh: liveRefresh.length, liveAccess: liveAccess.length }).toEqual({
        round,
        liveRefresh: 1,
        liveAccess: 1,
      });
      // The survivor is a working branch, and the pair that carries it is the one live access token.
      const survivor = issued.find((tokens) => tokens.refresh_token === liveRefresh[0]);
      expect(survivor?.access_token).toBe(liveAccess[0]);
      await refresh(liveRefresh[0]).expect(200);
    }
  });
});
