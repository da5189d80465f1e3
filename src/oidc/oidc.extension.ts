import { Inject, Injectable } from '@nestjs/common';
import type { AuthContext } from '../common/auth/auth-context';
import type { AppRequest } from '../common/http/app-request';
import { setRequestedLanguage } from '../common/messages/language-context';
import { languageOf } from '../common/messages/languages';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { AuthorizationRequest } from '../oauth2/authorize/authorization-request';
import type { AuthorizationInteraction, IssuedUserGrant, Oauth2Extension } from '../oauth2/extensions/oauth2-extension';
import { AuthorizationState } from '../oauth2/grants/authorization-state';
import { DEVICE_CODE_GRANT } from '../oauth2/grants/device-code.grant';
import type { UserGrant } from '../oauth2/grants/token-pair.service';
import { SigningKeys } from '../oauth2/keys/signing-keys.service';
import { parameter } from '../oauth2/protocol/protocol-parameters';
import { expiryAfter } from '../oauth2/tokens/token-lifetime';
import { type OidcCarried, oidcInteraction } from './authorization/oidc-authorization-request';
import { SUPPORTED_CLAIMS } from './claims/scope-claims';
import { IdTokenIssuer } from './id-token/id-token.issuer';
import { OidcLoginRepository } from './logins/oidc-login.repository';
import { OIDC_PATHS } from './oidc-paths';

/**
 * OpenID Connect over the OAuth 2 pipeline (DESIGN §12), for grants whose scopes include `openid` and only those:
 * the authorization request's `nonce`, `prompt`, `max_age` and hints; an ID Token beside the tokens of the code
 * exchange and of every refresh (Core §3.1.3.3, §12.2); refresh tokens only with `offline_access` (Core §11); and
 * the discovery fields of the metadata.
 */
@Injectable()
export class OidcExtension implements Oauth2Extension {
  readonly name = 'oidc';

  constructor(
    private readonly idTokens: IdTokenIssuer,
    private readonly logins: OidcLoginRepository,
    private readonly state: AuthorizationState,
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  metadata(): Record<string, unknown> {
    const issuer = this.config.http.publicUrl;
    return {
      userinfo_endpoint: `${issuer}${OIDC_PATHS.userinfo}`,
      end_session_endpoint: `${issuer}${OIDC_PATHS.endSession}`,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: this.keys.signingAlgorithms(),
      claims_supported: SUPPORTED_CLAIMS,
      prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
      claims_parameter_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      frontchannel_logout_supported: false,
    };
  }

  authorizationRequest(
    request: AppRequest,
    checked: AuthorizationRequest,
    auth: AuthContext | undefined,
  ): AuthorizationInteraction | undefined {
    if (!checked.scopes.includes('openid')) {
      return undefined;
    }
    // Core §3.1.2.1: `ui_locales`, the end user's preferred languages for the pages of this authorization.
    const language = languageOf(parameter(request, 'ui_locales', 'query'));
    if (language) {
      setRequestedLanguage(language);
    }
    return oidcInteraction(request, auth, (hint) => this.hintedSubject(hint), Math.floor(Date.now() / 1000));
  }

  /** The device flow (RFC 8628) has no authorization request: the approving session is the sign-in, without nonce. */
  deviceAuthorization(scopes: string[], auth: AuthContext): Record<string, unknown> | undefined {
    if (!scopes.includes('openid') || !auth.session) {
      return undefined;
    }
    const { sid, authTime, amr } = auth.session;
    return { sid, authTime, amr } satisfies OidcCarried;
  }

  mayRefresh({ scopes }: UserGrant): boolean {
    return !scopes.includes('openid') || scopes.includes('offline_access');
  }

  async tokenResponse({
    grant,
    clientId,
    accessToken,
    expiresIn,
    carried,
  }: IssuedUserGrant): Promise<Record<string, unknown>> {
    if (!grant.scopes.includes('openid')) {
      return {};
    }
    const fromCode = carried as OidcCarried | undefined;
    const login = await this.loginOf(grant, fromCode);
    const user = login && (await this.state.user(grant.userId));
    if (!login || !user) {
      return {};
    }
    // Core §12.2: a refreshed ID Token carries no nonce.
    const nonce = grant.grantType === 'authorization_code' ? fromCode?.nonce : undefined;
    return {
      id_token: this.idTokens.issue({
        ...login,
        clientId,
        user,
        scopes: grant.scopes,
        accessToken,
        expiresIn,
        nonce,
      }),
    };
  }

  /**
   * The sign-in an ID Token speaks of: recorded at the code (or device code) exchange, from what it carried; found
   * again by the token family on refresh. Grants from before OpenID Connect have none, and get no ID Token.
   */
  private async loginOf(
    grant: UserGrant,
    carried: OidcCarried | undefined,
  ): Promise<{ sid: string; authTime: number; amr: string[] } | undefined> {
    if (grant.grantType === 'authorization_code' || grant.grantType === DEVICE_CODE_GRANT) {
      if (!carried) {
        return undefined;
      }
      const login = { sid: carried.sid, authTime: carried.authTime, amr: carried.amr };
      await this.logins.record(
        { ...login, familyId: grant.familyId, userId: grant.userId, consumerId: grant.consumer.id },
        this.lifeEnd(grant),
      );
      return login;
    }
    if (grant.grantType === 'refresh_token') {
      const login = await this.logins.findByFamily(grant.familyId);
      if (login) {
        await this.logins.extend(grant.familyId, this.lifeEnd(grant));
      }
      return login;
    }
    return undefined;
  }

  /**
   * How long the record of a sign-in is needed: while its session may last (back-channel logout), and while a refresh
   * token of the family may be used (Core §12.2), which only `offline_access` brings.
   */
  private lifeEnd(grant: UserGrant): Date {
    const { sessionTtl } = this.config.identity;
    const refresh = grant.scopes.includes('offline_access') ? this.config.oauth2.refreshTokenTtl : 0;
    return expiryAfter(new Date(), Math.max(sessionTtl, refresh));
  }

  /** Core §3.1.2.1 `id_token_hint`: an ID Token this server signed (expired ones too), for its subject. */
  private hintedSubject(hint: string): string | undefined {
    const verified = this.keys.verify(hint);
    if (!verified || verified.header.typ !== 'JWT' || verified.payload.iss !== this.config.http.publicUrl) {
      return undefined;
    }
    const { sub } = verified.payload;
    return typeof sub === 'string' ? sub : undefined;
  }
}
