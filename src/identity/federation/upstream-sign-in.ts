import { Inject, Injectable, Logger } from '@nestjs/common';
import * as openid from 'openid-client';
import { TemporaryStore } from '../../cache/temporary-store';
import { constantTimeEquals } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { UpstreamOidcProvider } from '../../config/upstream-oidc-config';
import { IdentityErrorCode, IdentityException } from '../identity.exception';
import type { UserProfile } from '../user-profile';
import { type ExternalPerson, LinkedAccounts, upstreamProvider } from './linked-accounts';
import type { UpstreamOrigin } from './upstream-sessions';

/** What the start of a sign-in keeps server-side until its callback, which spends it once. */
interface PendingUpstreamSignIn {
  provider: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** How long a person may take at the upstream provider; the state, nonce and verifier live this long. */
export const UPSTREAM_SIGN_IN_SECONDS = 600;
/** Discovery, token and UserInfo requests to the upstream: a provider that hangs is a provider that is down. */
const UPSTREAM_TIMEOUT_SECONDS = 5;
const KEY = (state: string) => `upstream-oidc:${state}`;

/**
 * Sign-in at an upstream OpenID Provider (issue 22 §2, identity brokering) with openid-client: the code flow with
 * PKCE (RFC 7636, S256), `state` (RFC 6749 §10.12) and `nonce` (OpenID Connect Core §3.1.2.1), kept server-side and
 * spent at the first callback; the ID Token is validated by openid-client (Core §3.1.3.7). The person is linked by
 * the (issuer, `sub`) of the ID Token with the rules of directory people (`LinkedAccounts`).
 */
@Injectable()
export class UpstreamSignIn {
  private readonly logger = new Logger(UpstreamSignIn.name);
  private readonly audit = new Logger('Audit');
  private readonly discovered = new Map<string, Promise<openid.Configuration>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: TemporaryStore,
    private readonly accounts: LinkedAccounts,
  ) {}

  /** The providers the login page offers, in their configured order. */
  providers(): { name: string; displayName: string }[] {
    return this.config.upstreamOidc.map(({ name, displayName }) => ({ name, displayName }));
  }

  /** Starts a sign-in: answers where to send the browser, and the state the browser must bring back. */
  async start(name: string, returnTo: string): Promise<{ url: string; state: string }> {
    const provider = this.provider(name);
    const configuration = await this.configuration(provider);
    const state = openid.randomState();
    const pending: PendingUpstreamSignIn = {
      provider: name,
      nonce: openid.randomNonce(),
      verifier: openid.randomPKCECodeVerifier(),
      returnTo,
    };
    await this.store.set(KEY(state), pending, UPSTREAM_SIGN_IN_SECONDS);
    const url = openid.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(name),
      scope: provider.scopes.join(' '),
      code_challenge: await openid.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state,
      nonce: pending.nonce,
    });
    return { url: url.href, state };
  }

  /**
   * Finishes a sign-in at the callback: the state must be the one this browser started with (its cookie) and still
   * kept (spent here, so a replayed callback is refused); then the code is exchanged and the ID Token checked, nonce
   * included. Answers the linked account (created at the first sign-in) and where the person was going.
   */
  async finish(
    name: string,
    query: URLSearchParams,
    browserState: string | undefined,
  ): Promise<{ user: UserProfile; amr: string[]; returnTo: string; origin: UpstreamOrigin }> {
    const provider = this.provider(name);
    const state = query.get('state') ?? '';
    if (!browserState || !state || !constantTimeEquals(state, browserState)) {
      throw refused('it did not come back to the browser that started it');
    }
    const pending = await this.store.take<PendingUpstreamSignIn>(KEY(state));
    if (!pending || pending.provider !== name) {
      throw refused('it has expired or was already used');
    }
    const configuration = await this.configuration(provider);
    const callback = new URL(this.redirectUri(name));
    callback.search = query.toString();
    const { person, amr, issuer, sid } = await this.upstream(provider, async () => {
      const tokens = await openid.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.verifier,
        expectedNonce: pending.nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      const claims = tokens.claims() as openid.IDToken;
      // Core §5.3.2: UserInfo's `sub` must be the ID Token's; openid-client checks it.
      const info = configuration.serverMetadata().userinfo_endpoint
        ? await openid.fetchUserInfo(configuration, tokens.access_token, claims.sub)
        : {};
      const methods = Array.isArray(claims.amr) ? claims.amr.filter((method) => typeof method === 'string') : [];
      // `iss` is the issuer openid-client validated the ID Token against (Core §3.1.3.7 step 2): the link's key.
      // `sid` names the upstream's session, as its back-channel logout will (Back-Channel Logout 1.0 §2.1).
      const sid = typeof claims.sid === 'string' && claims.sid !== '' ? { sid: claims.sid } : {};
      return { person: personOf(provider, { ...info, ...claims }), amr: methods, issuer: claims.iss, sid };
    });
    const source = { provider: upstreamProvider(name), issuer };
    const user = await this.accounts.admit(source, person);
    // As for a password: a locked account never signs in; a blocked one does, and its pages say why they refuse.
    if (user.locked) {
      throw refused('this account is locked');
    }
    this.audit.log(
      { action: 'sign-in', userId: user.id, ...source, subject: person.subject },
      'signed in through an upstream provider',
    );
    return { user, amr, returnTo: pending.returnTo, origin: { issuer, subject: person.subject, ...sid } };
  }

  /** A configured provider and its discovered metadata; throws when there is no such provider or it is down. */
  async configurationOf(
    name: string,
  ): Promise<{ provider: UpstreamOidcProvider; configuration: openid.Configuration }> {
    const provider = this.provider(name);
    return { provider, configuration: await this.configuration(provider) };
  }

  private provider(name: string): UpstreamOidcProvider {
    const provider = this.config.upstreamOidc.find((one) => one.name === name);
    if (!provider) {
      throw new IdentityException(IdentityErrorCode.UpstreamNotFound, `There is no sign-in provider ${name}`);
    }
    return provider;
  }

  private redirectUri(name: string): string {
    return `${this.config.http.publicUrl}/login/upstream/${name}/callback`;
  }

  /** The provider's metadata (OpenID Connect Discovery 1.0 §4), fetched once; a failure is tried again next time. */
  private configuration(provider: UpstreamOidcProvider): Promise<openid.Configuration> {
    let known = this.discovered.get(provider.name);
    if (!known) {
      const insecure = new URL(provider.issuer).protocol === 'http:';
      known = this.upstream(provider, () =>
        openid.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
          // Only a loopback issuer may be plain http (checked at start-up).
          execute: insecure ? [openid.allowInsecureRequests] : [],
          timeout: UPSTREAM_TIMEOUT_SECONDS,
        }),
      );
      this.discovered.set(provider.name, known);
      known.catch(() => this.discovered.delete(provider.name));
    }
    return known;
  }

  /** Runs a conversation with the provider; a provider that does not answer is "unavailable", a bad answer "refused". */
  private async upstream<T>(provider: UpstreamOidcProvider, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof IdentityException) {
        throw error;
      }
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (unreachable(error)) {
        this.logger.warn({ provider: provider.name, reason }, 'the upstream provider did not answer');
        throw new IdentityException(
          IdentityErrorCode.UpstreamUnavailable,
          `${provider.displayName} cannot be reached just now, so its accounts cannot sign in. ` +
            'Please try again in a few minutes, or sign in with a Gatehouse password.',
        );
      }
      this.logger.warn({ provider: provider.name, reason }, 'the upstream sign-in was refused');
      throw refused(`${provider.displayName} did not confirm who you are`);
    }
  }
}

/** The person the validated claims describe, with the provider's groups mapped to Gatehouse's. */
function personOf(provider: UpstreamOidcProvider, claims: Record<string, unknown>): ExternalPerson {
  const text = (claim: string) => (typeof claims[claim] === 'string' ? claims[claim] : '');
  const groups = [claims[provider.claims.groups]].flat().filter((group) => typeof group === 'string');
  return {
    subject: text('sub'),
    name: text(provider.claims.name),
    // Core §5.1: an address the provider says it has not verified is not taken as the person's.
    email: claims.email_verified === false ? '' : text(provider.claims.email),
    realName: text(provider.claims.realName),
    groups: [...new Set(groups.map((group) => provider.groupMap[group]).filter((group) => group !== undefined))].sort(),
  };
}

/** A network failure or a timeout anywhere in the error's causes: the provider did not answer at all. */
function unreachable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause.name === 'AbortError' || cause.name === 'TimeoutError' || cause.message === 'fetch failed') {
      return true;
    }
    if ('code' in cause && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND'].includes(String(cause.code))) {
      return true;
    }
  }
  return false;
}

function refused(why: string): IdentityException {
  return new IdentityException(IdentityErrorCode.UpstreamSignInRefused, `This sign-in was refused: ${why}.`);
}
