import { randomBytes } from 'node:crypto';
import { approvedOauth1Consumer, sendSigned } from './support/oauth1-client';
import { CALLBACK, consentFields, pkcePair, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

type Form = Record<string, string>;

/**
 * A refused consent answer changes nothing (issue 19 row 13; RFC 6749 §10.12, RFC 5849 §4.13): a POST without the
 * CSRF token, with another user's token, or from another user's session is a 4xx, and the user's own answer to
 * the same dialog still goes through, once. The pending state belongs to the session that was shown the dialog.
 */
describe('refused consent answers spend nothing', () => {
  let gatehouse: TestApp;
  let user: SignedIn;
  let attacker: SignedIn;

  /** The three refused answers, played with the victim's form fields; each must be a 4xx without a redirect. */
  const refusedAnswers = async (path: string, query: Form, fields: Form) => {
    const post = (who: SignedIn, form: Form) =>
      who.agent
        .post(path)
        .query(query)
        .type('form')
        .send({ ...form, decision: 'allow' });
    const withoutCsrf = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== 'csrf'));
    const answers = {
      withoutCsrf: await post(user, withoutCsrf),
      withAnotherUsersCsrf: await post(user, { ...fields, csrf: attacker.csrfToken }),
      fromAnotherSessionAsIs: await post(attacker, fields),
      fromAnotherSessionWithItsCsrf: await post(attacker, { ...fields, csrf: attacker.csrfToken }),
    };
    return Object.fromEntries(
      Object.entries(answers).map(([name, answer]) => [
        name,
        { refused: answer.status >= 400 && answer.status < 500, redirect: answer.headers.location },
      ]),
    );
  };
  const allRefused = {
    withoutCsrf: { refused: true, redirect: undefined },
    withAnotherUsersCsrf: { refused: true, redirect: undefined },
    fromAnotherSessionAsIs: { refused: true, redirect: undefined },
    fromAnotherSessionWithItsCsrf: { refused: true, redirect: undefined },
  };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    user = await createSignedInUser(gatehouse, 'Consentuser');
    attacker = await createSignedInUser(gatehouse, 'Consentthief');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('OAuth 2: refused answers leave the pending authorization for the user, whose allow then gets a code once', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Consentdev2');
    const client = await registerOauth2Client(dev, admin, { name: 'Consent app' });
    const query = {
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: CALLBACK,
      state: 'st-consent',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    };
    const page = await user.agent.get('/oauth2/authorize').query(query).expect(200);
    const fields: Form = { ...consentFields(page.text) };

    expect(await refusedAnswers('/oauth2/authorize', query, fields)).toEqual(allRefused);

    const allow = () =>
      user.agent
        .post('/oauth2/authorize')
        .query(query)
        .type('form')
        .send({ ...fields, decision: 'allow' });
    const allowed = await allow();
    expect(allowed.status).toBe(303);
    const redirect = new URL(allowed.headers.location);
    expect(redirect.searchParams.get('code')).toMatch(/^[0-9a-f]+$/);
    expect(redirect.searchParams.get('state')).toBe('st-consent');

    // Still single use.
    const again = await allow();
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.headers.location).toBeUndefined();
  });

  it('OAuth 1: refused answers leave the request token for the user, whose allow then gets a verifier once', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Consentdev1');
    const consumer = await approvedOauth1Consumer(dev, admin, 'Consent tool');
    const initiated = await sendSigned(gatehouse.url, consumer, {
      method: 'POST',
      target: '/oauth1/initiate',
      extra: { oauth_callback: 'oob' },
    }).expect(200);
    const requestToken = new URLSearchParams(initiated.text).get('oauth_token') ?? '';
    const page = await user.agent.get('/oauth1/authorize').query({ oauth_token: requestToken }).expect(200);
    const fields: Form = {
      csrf: /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '',
      requestToken: /name="requestToken" value="([^"]+)"/.exec(page.text)?.[1] ?? '',
      consumerKey: /name="consumerKey" value="([^"]+)"/.exec(page.text)?.[1] ?? '',
    };
    expect(fields.requestToken).toBe(requestToken);

    expect(await refusedAnswers('/oauth1/authorize', {}, fields)).toEqual(allRefused);
    // A made-up token is no better than a stolen one.
    const unknown = await user.agent
      .post('/oauth1/authorize')
      .type('form')
      .send({ ...fields, requestToken: randomBytes(16).toString('hex'), decision: 'allow' });
    expect(unknown.status).toBeGreaterThanOrEqual(400);

    const allow = () =>
      user.agent
        .post('/oauth1/authorize')
        .type('form')
        .send({ ...fields, decision: 'allow' });
    const allowed = await allow();
    expect(allowed.status).toBe(303);
    expect(new URL(allowed.headers.location).searchParams.get('oauth_verifier')).toMatch(/^[0-9a-f]{32}$/);

    // Still single use.
    const again = await allow();
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.headers.location).toBeUndefined();
  });
});
