import fc from 'fast-check';
import { type Oauth1Credentials, ownerOnlyOauth1Credentials, signedHeader } from '../e2e/support/oauth1-client';
import { registerOauth2Client } from '../e2e/support/oauth2-client';
import { type FuzzApp, GATEWAY_KEY, startFuzzApp } from './support/fuzz-app';
import { FUZZ_SEED, announceSeed, fuzzLog, fuzzParameters, fuzzTimeout } from './support/fuzz-settings';
import { anyContentType, anyString, formOf, headerValue, urlComponent } from './support/hostile';
import {
  type Oauth1Knowledge,
  type Oauth2Knowledge,
  basicHeader,
  gatewayHeaders,
  oauth1Header,
  oauth2Form,
} from './support/protocol-inputs';
import { type RawRequest, type RawResponse, rawRequest } from './support/raw-http';
import { StatusTally, describeFault, faultsOf, rssGrowthBoundMiB, settledRssMiB } from './support/verdict';

type Header = [string, string | Buffer];

/** The OAuth 1 doors at their canonical and MediaWiki addresses, and the API, which takes OAuth 1 signatures too. */
const OAUTH1_TARGETS: [string, string][] = [
  ['POST', '/oauth1/initiate'],
  ['GET', '/oauth1/initiate?oauth_callback=oob'],
  ['POST', '/oauth1/token'],
  ['GET', '/oauth1/identify'],
  ['GET', '/oauth1/authorize'],
  ['GET', '/w/index.php?title=Special:OAuth/initiate'],
  ['POST', '/index.php?title=Special%3AOAuth%2Ftoken'],
  ['GET', '/wiki/Special:OAuth/identify'],
  ['GET', '/api/me'],
  ['GET', '/oauth2/resource/profile'],
];

/** The OAuth 2 endpoints that take parameters, at canonical and MediaWiki addresses. */
const OAUTH2_TARGETS: [string, string][] = [
  ['POST', '/oauth2/access_token'],
  ['POST', '/oauth2/token'],
  ['POST', '/w/rest.php/oauth2/access_token'],
  ['POST', '/oauth2/revoke'],
  ['POST', '/oauth2/introspect'],
  ['POST', '/oauth2/device_authorization'],
  ['POST', '/oauth2/par'],
  ['GET', '/oauth2/authorize'],
  ['POST', '/oauth2/authorize'],
  ['GET', '/rest.php/oauth2/authorize'],
  ['GET', '/oauth2/resource/profile'],
  ['GET', '/oauth2/resource/scopes'],
  ['GET', '/oauth2/userinfo'],
  ['POST', '/oauth2/userinfo'],
];

/** The doors the dedicated gateway listener serves besides the decision. */
const LISTENER_FORM_TARGETS = ['/oauth2/token', '/oauth2/access_token', '/oauth2/introspect'];

/**
 * Issue 17 item 2: the protocol endpoints that do not take JSON, attacked with what their parsers see: OAuth 1
 * `Authorization` headers (random, repeated, broken quoting, huge), OAuth 2 parameters (random, arrays, repeated,
 * wrong content types, random Basic headers), and forwarded headers on both gateway doors. No answer may be a 5xx or
 * carry a stack trace; the process RSS must stay bounded over the run.
 */
describe('fuzz: protocol endpoints and gateway doors', () => {
  let fuzz: FuzzApp;
  let oauth1: Oauth1Credentials;
  let oauth1Known: Oauth1Knowledge;
  let oauth2Known: Oauth2Knowledge;
  let warmed: number;
  const tally = new StatusTally();

  beforeAll(async () => {
    announceSeed('protocol endpoints and gateway doors');
    fuzz = await startFuzzApp();
    oauth1 = await ownerOnlyOauth1Credentials(fuzz.user, 'Fuzzed OAuth 1 bot');
    oauth1Known = { consumerKey: oauth1.consumerKey, token: oauth1.token ?? '' };
    const client = await registerOauth2Client(fuzz.user, fuzz.bootstrapAdmin, {
      name: 'Fuzzed OAuth 2 bot',
      grants: ['basic'],
      ownerOnly: true,
    });
    oauth2Known = { clientId: client.clientId, secret: client.secret ?? '', accessToken: client.accessToken ?? '' };
    warmed = settledRssMiB();
  });

  afterAll(async () => {
    await fuzz.gatehouse.close();
  });

  /** Sends a case and fails the property with what was sent and answered when the answer is at fault. */
  async function expectSound(url: string, request: RawRequest): Promise<RawResponse> {
    const response = await rawRequest(url, request);
    tally.add(response.status);
    const faults = faultsOf(response);
    if (faults.length) {
      const headers = request.headers.map(([name, value]) => `${name}: ${value.toString()}`).join('\n');
      const sent = `${request.method} ${request.target.toString()}\n${headers}\n\n${request.body?.toString() ?? ''}`;
      throw new Error(describeFault(sent, response, faults));
    }
    return response;
  }

  it(
    'answers hostile OAuth 1 Authorization headers, query and form parameters without a 5xx or a stack trace',
    async () => {
      const headerLines = fc.array(oauth1Header(oauth1Known), { minLength: 0, maxLength: 3 });
      const signed = fc.record({
        callback: fc.option(anyString, { nil: undefined }),
        query: formOf(['oauth_token', 'oauth_verifier', 'title', 'x']),
      });
      const cases = fc.record({
        target: fc.constantFrom(...OAUTH1_TARGETS),
        headers: headerLines,
        // A correctly signed request around hostile values reaches past the signature check.
        signed: fc.option(signed, { nil: undefined }),
        query: fc.option(formOf(['oauth_consumer_key', 'oauth_signature', 'oauth_nonce', 'oauth_token', 'title']), {
          nil: undefined,
        }),
        form: fc.option(formOf(['oauth_consumer_key', 'oauth_signature', 'oauth_verifier', 'oauth_token']), {
          nil: undefined,
        }),
      });
      await fc.assert(
        fc.asyncProperty(cases, async ({ target: [method, path], headers, signed: signedCase, query, form }) => {
          let target = query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
          const lines: Header[] = headers.map((value) => ['Authorization', value]);
          if (signedCase) {
            target = signedCase.query ? `${path}${path.includes('?') ? '&' : '?'}${signedCase.query}` : path;
            const extra = signedCase.callback === undefined ? undefined : { oauth_callback: signedCase.callback };
            lines.push(['Authorization', safeSignedHeader(fuzz.gatehouse.url, oauth1, method, target, extra)]);
          }
          if (form !== undefined) {
            lines.push(['Content-Type', 'application/x-www-form-urlencoded']);
          }
          await expectSound(fuzz.gatehouse.url, { method, target, headers: lines, body: form });
        }),
        fuzzParameters(400, 30, 1),
      );
    },
    fuzzTimeout(30),
  );

  it(
    'answers random, repeated and array OAuth 2 parameters, wrong content types and random Basic headers',
    async () => {
      const cases = fc.record({
        door: fc.oneof(
          { arbitrary: fc.constantFrom(...OAUTH2_TARGETS).map((target) => ({ main: true, target })), weight: 4 },
          {
            arbitrary: fc
              .constantFrom(...LISTENER_FORM_TARGETS)
              .map((path) => ({ main: false, target: ['POST', path] })),
            weight: 1,
          },
        ),
        query: fc.option(oauth2Form(oauth2Known), { nil: undefined }),
        body: oauth2Form(oauth2Known),
        contentType: fc.oneof(
          { arbitrary: fc.constant('application/x-www-form-urlencoded'), weight: 3 },
          { arbitrary: anyContentType, weight: 1 },
        ),
        authorization: fc.array(basicHeader(oauth2Known), { maxLength: 2 }),
        signedIn: fc.boolean(),
        dpop: fc.option(headerValue, { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(cases, async ({ door, query, body, contentType, authorization, signedIn, dpop }) => {
          const [method, path] = door.target;
          const headers: Header[] = authorization.map((value) => ['Authorization', value]);
          if (contentType !== undefined) {
            headers.push(['Content-Type', contentType]);
          }
          if (dpop !== undefined) {
            headers.push(['DPoP', dpop]);
          }
          const session = signedIn && door.main ? await fuzz.sessionOf('user') : undefined;
          if (session) {
            headers.push(['Cookie', session.cookie]);
          }
          const target = query ? `${path}?${query}` : path;
          const url = door.main ? fuzz.gatehouse.url : fuzz.gatewayUrl;
          await expectSound(url, { method, target, headers, body: method === 'GET' ? undefined : body });
          await session?.end();
        }),
        fuzzParameters(500, 35, 2),
      );
    },
    fuzzTimeout(35),
  );

  it(
    'answers random X-Original-* and X-Forwarded-* headers on both gateway doors',
    async () => {
      const credential = fc.oneof(
        fc.constant(`Bearer ${oauth2Known.accessToken}`),
        fc.constant('Bearer not-a-token'),
        oauth1Header(oauth1Known),
        basicHeader(oauth2Known),
        headerValue,
      );
      const cases = fc.record({
        main: fc.boolean(),
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'PROPFIND'),
        // Envoy appends the original path to the decision's own; nginx and Traefik send it in headers.
        suffix: fc.oneof(
          fc.constant(''),
          fc.array(urlComponent, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
          formOf(['grant', 'right']).map((query) => `?${query}`),
        ),
        headers: gatewayHeaders(GATEWAY_KEY),
        authorization: fc.array(credential, { maxLength: 2 }),
        signed: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(cases, async ({ main, method, suffix, headers, authorization, signed }) => {
          const target = `/gateway/verify${suffix}`;
          const lines: Header[] = [...headers, ...authorization.map((value): Header => ['Authorization', value])];
          if (signed) {
            // A real signature over the request as the forwarded headers may describe it.
            lines.push(['Authorization', safeSignedHeader('https://api.example.com', oauth1, 'GET', '/v1/pages')]);
          }
          await expectSound(main ? fuzz.gatehouse.url : fuzz.gatewayUrl, { method, target, headers: lines });
        }),
        fuzzParameters(500, 30, 3),
      );
    },
    fuzzTimeout(30),
  );

  it('keeps the process RSS bounded over the run', () => {
    const final = settledRssMiB();
    fuzzLog(
      `protocol endpoints: ${tally.total} requests (seed ${FUZZ_SEED}): ${String(tally)}; ` +
        `RSS ${Math.round(warmed)} → ${Math.round(final)} MiB`,
    );
    expect(tally.total).toBeGreaterThan(100);
    expect(final - warmed).toBeLessThan(rssGrowthBoundMiB(warmed));
  });
});

/**
 * A correct client's header for this call, or a junk one when the generated values cannot be signed at all (a lone
 * surrogate has no UTF-8 form to sign).
 */
function safeSignedHeader(
  baseUrl: string,
  credentials: Oauth1Credentials,
  method: string,
  target: string,
  extra?: Record<string, string>,
): string {
  try {
    return signedHeader(baseUrl, credentials, { method: method as 'GET', target, extra });
  } catch {
    return 'OAuth unsignable="1"';
  }
}
