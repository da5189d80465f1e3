import { type TestApp, startTestApp } from './support/test-app';

describe('GET /.well-known/jwks.json', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('publishes the development signing key, public half only, cacheable', async () => {
    const response = await gatehouse.http().get('/.well-known/jwks.json').expect(200);
    expect(response.body.keys).toHaveLength(1);
    expect(response.body.keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      kid: expect.any(String),
      e: 'AQAB',
    });
    expect(response.body.keys[0].d).toBeUndefined();
    expect(response.headers['cache-control']).toBe('public, max-age=300');
  });
});
