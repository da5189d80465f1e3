import { request as httpRequest } from 'node:http';
import { type TestApp, startTestApp } from './support/test-app';
import { freePort } from './support/test-environment';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends `size` bytes of form body as a plain node client does (a declared length, or chunked), and reads the answer.
 * A connection reset instead of an answer rejects.
 */
function postLargeForm(url: string, size: number, chunked = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = Buffer.from(`grant_type=client_credentials&padding=${'a'.repeat(size)}`);
    const request = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(body.length) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    // Written in pieces, as a client on a real network does.
    for (let offset = 0; offset < body.length; offset += 64 * 1024) {
      request.write(body.subarray(offset, offset + 64 * 1024));
    }
    request.end();
  });
}

/** Limits answer with a status (RFC 9110 §15.5.14), on both front doors, with the protocol's error body. */
describe('an oversized body is answered 413, never a reset', () => {
  let gatehouse: TestApp;
  let gatewayUrl: string;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    gatehouse = await startTestApp({ env: { GATEWAY_PORT: String(gatewayPort) } });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const doors = () => [
    ['the dedicated listener', gatewayUrl],
    ['the main port', gatehouse.url],
  ];

  it.each([
    ['a little over the limit', 150 * 1024, false],
    ['several megabytes', 8 * 1024 * 1024, false],
    ['chunked, without a declared length', 2 * 1024 * 1024, true],
  ])('answers a token request %s with 413 invalid_request', async (_case, size, chunked) => {
    for (const [door, url] of doors()) {
      for (const path of ['/oauth2/token', '/oauth2/introspect']) {
        const answer = await postLargeForm(`${url}${path}`, size, chunked);
        expect(answer.status, `${door} ${path}`).toBe(413);
        expect(JSON.parse(answer.body), `${door} ${path}`).toEqual({
          error: 'invalid_request',
          error_description: expect.any(String),
        });
        expect(answer.headers.connection, `${door} ${path}`).toBe('close');
        expect(answer.headers['cache-control'], `${door} ${path}`).toBe('no-store');
      }
    }
  });

  it('keeps answering normal requests afterwards', async () => {
    for (const [door, url] of doors()) {
      const answer = await postLargeForm(`${url}/oauth2/token`, 10, false);
      expect(answer.status, door).toBe(401);
      expect(JSON.parse(answer.body), door).toMatchObject({ error: 'invalid_client' });
    }
  });
});
