import { request as httpRequest } from 'node:http';
import supertest from 'supertest';
import { INPUT_LIMITS } from '../../src/common/http/input-limits';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { freePort } from './support/test-environment';

const FORM = 'application/x-www-form-urlencoded';

/** A form body of about `bytes` bytes in one field. */
function formOf(bytes: number): string {
  return `grant_type=client_credentials&pad=${'x'.repeat(bytes)}`;
}

/** The status of a raw request with these headers (supertest cannot send more than Node lets it build). */
function rawStatus(url: string, headers: Record<string, string>, path = '/api/me'): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(`${url}${path}`, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** Issue 17 item 1: hostile shapes are refused at the edge, in each route's own error format, never with a 500. */
function manyHeaders(): Record<string, string> {
  const many: Record<string, string> = {};
  for (let i = 0; i < INPUT_LIMITS.headers + 5; i++) {
    many[`x-filler-${i}`] = '1';
  }
  return many;
}

describe('input limits at the edge', () => {
  let gatehouse: TestApp;
  let gatewayUrl: string;
  let admin: SignedIn;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    gatehouse = await startTestApp({ env: { GATEWAY_PORT: String(gatewayPort) } });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('refuses JSON nested deeper than the limit with 400 on every JSON route kind, before any validator recurses', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const anonymous = await gatehouse
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(deep)
      .expect(400);
    expect(anonymous.body).toEqual({
      code: 'validation_failed',
      message: `The JSON body is nested deeper than ${INPUT_LIMITS.jsonDepth} levels`,
      requestId: expect.any(String),
    });
    const signedIn = await admin.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', admin.csrfToken)
      .set('Content-Type', 'application/json')
      .send(`{"name":${'['.repeat(INPUT_LIMITS.jsonDepth)}${']'.repeat(INPUT_LIMITS.jsonDepth)}}`)
      .expect(400);
    expect(signedIn.body.message).toContain('nested deeper');
    const mediaWikiRest = await admin.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', admin.csrfToken)
      .set('Content-Type', 'application/json')
      .send(deep)
      .expect(400);
    expect(mediaWikiRest.body).toMatchObject({ httpCode: 400, messageTranslations: { en: expect.any(String) } });
  });

  it('refuses too many object members and over-long strings with 400', async () => {
    const members = Array.from({ length: INPUT_LIMITS.jsonKeys + 1 }, (_, i) => `"k${i}":1`).join(',');
    const many = await gatehouse
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{${members}}`)
      .expect(400);
    expect(many.body.message).toContain('object members');
    const long = await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: 'x'.repeat(INPUT_LIMITS.jsonStringBytes + 1), password: 'y' })
      .expect(400);
    expect(long.body.message).toContain('longer than');
  });

  it('answers an oversized protocol form in RFC 6749 JSON with 413', async () => {
    const response = await gatehouse
      .http()
      .post('/oauth2/token')
      .set('Content-Type', FORM)
      .send(formOf(INPUT_LIMITS.protocolFormBytes))
      .expect(413);
    expect(response.body).toEqual({ error: 'invalid_request', error_description: 'The request body is too large' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers too many form fields with 413 in the route format', async () => {
    const fields = Array.from({ length: INPUT_LIMITS.formParameters + 1 }, (_, i) => `f${i}=1`).join('&');
    const response = await gatehouse.http().post('/oauth2/token').set('Content-Type', FORM).send(fields).expect(413);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description).toContain(`at most ${INPUT_LIMITS.formParameters} fields`);
  });

  it("answers an oversized OAuth 1 form in MediaWiki's OAuth 1 formats", async () => {
    const raw = await gatehouse
      .http()
      .post('/oauth1/initiate')
      .set('Content-Type', FORM)
      .send(formOf(INPUT_LIMITS.protocolFormBytes))
      .expect(413);
    expect(raw.text).toBe('Error: An error occurred in the OAuth protocol: The request body is too large');
    const json = await gatehouse
      .http()
      .post('/w/index.php?title=Special:OAuth/initiate&format=json')
      .set('Content-Type', FORM)
      .send(formOf(INPUT_LIMITS.protocolFormBytes))
      .expect(413);
    expect(json.body).toEqual({
      error: 'mwoauth-oauth-exception',
      message: 'An error occurred in the OAuth protocol: The request body is too large',
    });
  });

  it('gives page forms their own, larger limit, and answers past it with an error page', async () => {
    const withinPageLimit = await gatehouse
      .http()
      .post('/login')
      .set('Content-Type', FORM)
      .send(`username=a&password=b&pad=${'x'.repeat(INPUT_LIMITS.protocolFormBytes)}`);
    expect(withinPageLimit.status).not.toBe(413);
    expect(withinPageLimit.status).toBeLessThan(500);
    const tooLarge = await gatehouse
      .http()
      .post('/login')
      .set('Content-Type', FORM)
      .send(`username=a&pad=${'x'.repeat(INPUT_LIMITS.pageFormBytes)}`)
      .expect(413);
    expect(tooLarge.headers['content-type']).toContain('text/html');
    expect(tooLarge.text).toContain('more fields than this service accepts');
    const pageForm = await admin.agent
      .post('/admin/users')
      .set('Content-Type', FORM)
      .send(`name=a&pad=${'x'.repeat(INPUT_LIMITS.pageFormBytes)}`)
      .expect(413);
    expect(pageForm.headers['content-type']).toContain('text/html');
    expect(pageForm.text).toContain('more fields than this service accepts');
  });

  it('refuses too many header lines and oversized headers with 431', async () => {
    expect(await rawStatus(gatehouse.url, manyHeaders())).toBe(431);
    expect(await rawStatus(gatehouse.url, { 'x-filler': 'x'.repeat(INPUT_LIMITS.headerBytes) })).toBe(431);
    expect(await rawStatus(gatehouse.url, { 'x-filler': 'x' })).toBe(401);
  });

  it('holds the same limits on the dedicated gateway listener', async () => {
    expect(await rawStatus(gatewayUrl, manyHeaders(), '/gateway/verify')).toBe(431);
    expect(await rawStatus(gatewayUrl, { 'x-filler': 'x'.repeat(INPUT_LIMITS.headerBytes) }, '/gateway/verify')).toBe(
      431,
    );
    const listener = supertest(gatewayUrl);
    const large = await listener
      .post('/oauth2/token')
      .set('Content-Type', FORM)
      .send(formOf(INPUT_LIMITS.protocolFormBytes))
      .expect(413);
    expect(large.body).toEqual({ error: 'invalid_request', error_description: 'The request body is too large' });
    const fields = Array.from({ length: INPUT_LIMITS.formParameters + 1 }, (_, i) => `f${i}=1`).join('&');
    const many = await listener.post('/oauth2/token').set('Content-Type', FORM).send(fields).expect(413);
    expect(many.body.error_description).toContain(`at most ${INPUT_LIMITS.formParameters} fields`);
  });

  it('keeps working after all of that', async () => {
    await admin.agent.get('/api/me').expect(200);
  });
});
