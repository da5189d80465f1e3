import type { Server } from 'node:http';
import { type CryptoKey, type JWTPayload, SignJWT, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import supertest from 'supertest';

/** Gatehouse's client at the upstream provider. */
export const UPSTREAM_CLIENT = { clientId: 'gatehouse', clientSecret: 'gatehouse-upstream-secret-0123456789' };

/** One provider of `UPSTREAM_OIDC_PROVIDERS`: Gatehouse's client at an upstream on `port` of this machine. */
export function upstreamEntry(name: string, displayName: string, port: number, extra: Record<string, unknown> = {}) {
  return { name, displayName, issuer: `http://127.0.0.1:${port}`, ...UPSTREAM_CLIENT, ...extra };
}

/** `UPSTREAM_OIDC_PROVIDERS` naming one provider, `corp`, whose issuer is an upstream on `port` of this machine. */
export function corpProvider(port: number): string {
  return JSON.stringify([upstreamEntry('corp', 'Corp SSO', port)]);
}

/** What the upstream says of a person (by the login typed at its dev sign-in form). */
export type UpstreamPerson = Record<string, unknown>;

/** The person's browser at the upstream (its session cookie). */
export type UpstreamBrowser = ReturnType<typeof supertest.agent>;

const KID = 'upstream-test-key';

/**
 * An upstream OpenID Provider nobody here wrote: panva's `oidc-provider` (a devDependency), on a loopback port,
 * with its development sign-in pages (any login, any password) and one client registered for Gatehouse.
 */
export class UpstreamProvider {
  private constructor(
    readonly issuer: string,
    private readonly server: Server,
    private readonly signingKey: CryptoKey,
  ) {}

  /**
   * With `backchannelLogoutUri`, Gatehouse's client is registered for Back-Channel Logout 1.0 with `sid` required:
   * ending a session at the upstream posts a logout token there. Its signing key is made here, so that a test can
   * sign logout tokens of its own with it (`signLogoutToken`).
   */
  static async start(
    port: number,
    redirectUri: string,
    people: Record<string, UpstreamPerson>,
    options: { backchannelLogoutUri?: string } = {},
  ) {
    const issuer = `http://127.0.0.1:${port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const backchannel = options.backchannelLogoutUri
      ? { backchannel_logout_uri: options.backchannelLogoutUri, backchannel_logout_session_required: true }
      : {};
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: UPSTREAM_CLIENT.clientId,
          client_secret: UPSTREAM_CLIENT.clientSecret,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          ...backchannel,
        },
      ],
      jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' }] },
      claims: {
        openid: ['sub'],
        profile: ['preferred_username', 'name'],
        email: ['email', 'email_verified'],
        groups: ['groups'],
      },
      findAccount: (_context, id) => ({
        accountId: id,
        claims: () => ({ sub: id, ...(people[id] ?? {}) }),
      }),
      features: { devInteractions: { enabled: true }, backchannelLogout: { enabled: true } },
      // Its outgoing requests (logout tokens) refuse special-use addresses; the test's Gatehouse is on loopback.
      fetch: (url: string, options: RequestInit & { dispatcher?: unknown }) =>
        fetch(url, { ...options, dispatcher: undefined }),
      cookies: { keys: ['upstream-test-cookie-key'] },
      // Lifetimes of its own, in seconds, so that it does not log a notice for each default it falls back to.
      ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    });
    const server = provider.listen(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return new UpstreamProvider(issuer, server, privateKey);
  }

  /** A logout token (Back-Channel Logout 1.0 §2.4) as this upstream would sign it, or with another `key`. */
  async signLogoutToken(claims: JWTPayload, key: CryptoKey = this.signingKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: this.issuer,
      aud: UPSTREAM_CLIENT.clientId,
      iat: now,
      exp: now + 120,
      jti: crypto.randomUUID(),
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'logout+jwt' })
      .sign(key);
  }

  /** The person signs out at the upstream (its end-session page, then "Yes, sign me out"). */
  async signOut(browser: UpstreamBrowser): Promise<void> {
    const page = await browser.get('/session/end').expect(200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!xsrf) {
      throw new Error(`the upstream's end-session page has no form: ${page.text.slice(0, 300)}`);
    }
    await browser.post('/session/end/confirm').type('form').send({ xsrf, logout: 'yes' });
  }

  /**
   * The person's browser at the provider, from Gatehouse's redirect: its sign-in page (`login`, any password) and
   * its consent page, until it sends the browser back. Answers the callback URL it sends to Gatehouse. A `browser`
   * already signed in there goes through without the sign-in page.
   */
  async signIn(
    authorizationUrl: string,
    login: string,
    browser: UpstreamBrowser = supertest.agent(this.issuer),
  ): Promise<URL> {
    let answer = await browser.get(pathOf(authorizationUrl));
    for (let step = 0; step < 10; step++) {
      const location = answer.headers.location as string | undefined;
      if (location !== undefined) {
        const next = new URL(location, this.issuer);
        if (next.origin !== this.issuer) {
          return next;
        }
        answer = await browser.get(pathOf(next.href));
        continue;
      }
      const action = /action="([^"]+)"/.exec(answer.text)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(answer.text)?.[1];
      if (answer.status !== 200 || !action || !prompt) {
        throw new Error(`the upstream answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      }
      const form = prompt === 'login' ? { prompt, login, password: 'any-password' } : { prompt };
      answer = await browser
        .post(pathOf(new URL(action, this.issuer).href))
        .type('form')
        .send(form);
    }
    throw new Error('the upstream never sent the browser back');
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
