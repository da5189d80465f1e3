import express from 'express';
import supertest from 'supertest';
import { OAUTH1_ERRORS } from './mediawiki-errors';
import { outputFormat, sendCredentials, sendError } from './oauth1-response';

const app = express();
app.get('/credentials', (request, response) =>
  sendCredentials(response, outputFormat(request.query.format), {
    oauth_token: 'a'.repeat(32),
    oauth_token_secret: 'b'.repeat(32),
    oauth_callback_confirmed: 'true',
  }),
);
app.get('/error', (request, response) =>
  sendError(response, outputFormat(request.query.format), OAUTH1_ERRORS.tokenUsed()),
);

describe('OAuth 1 answers in MediaWiki formats', () => {
  it('answers raw form-encoding by default, never cached', async () => {
    const response = await supertest(app).get('/credentials').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toBe(
      `oauth_token=${'a'.repeat(32)}&oauth_token_secret=${'b'.repeat(32)}&oauth_callback_confirmed=true`,
    );
    expect(response.headers['cache-control']).toBe('no-cache, no-store, max-age=0, must-revalidate');
    expect(response.headers.pragma).toBe('no-cache');
    expect(response.headers.expires).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('answers JSON with the duplicated key and secret, and the string "true"', async () => {
    const response = await supertest(app).get('/credentials?format=json').expect(200);
    expect(response.body).toEqual({
      oauth_token: 'a'.repeat(32),
      oauth_token_secret: 'b'.repeat(32),
      oauth_callback_confirmed: 'true',
      key: 'a'.repeat(32),
      secret: 'b'.repeat(32),
    });
  });

  it('answers errors as "Error: …", as { error, message } or as a page', async () => {
    const raw = await supertest(app).get('/error').expect(401);
    expect(raw.text.startsWith('Error: This request has already been completed and cannot be resubmitted.')).toBe(true);
    const json = await supertest(app).get('/error?format=json').expect(401);
    expect(json.body).toEqual({
      error: 'mwoauthdatastore-request-token-already-used',
      message: expect.stringContaining('E009'),
    });
    const page = await supertest(app).get('/error?format=html').expect(401);
    expect(page.text).toContain('Application connection error');
  });
});
