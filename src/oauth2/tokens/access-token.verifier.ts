import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { isUsableBy } from '../../consumers/consumer-usability';
import type { Acceptance } from '../../grants/acceptance';
import { AcceptanceService } from '../../grants/acceptance.service';
import { effectiveRights } from '../../grants/effective-rights';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { IdentityService } from '../../identity/identity.service';
import type { UserProfile } from '../../identity/user-profile';
import { isClientIdUrl } from '../client-metadata/client-id-url';
import { DocumentClients } from '../client-metadata/document-clients';
import { SigningKeys } from '../keys/signing-keys.service';
import { ACCESS_TOKEN_TYP, type ActorClaim } from './access-token.issuer';
import { AccessTokenRepository } from './access-token.repository';

const JTI = /^[0-9a-f]{80}$/;
/** Compact JWS: three base64url parts; anything longer than this is not one of ours. */
const MAX_TOKEN_LENGTH = 4096;

/** Why a presented access token does not authenticate anyone; the message is safe to show the caller. */
export class AccessTokenRejected extends Error {}

/** What a correctly signed, well-formed access token of ours says. */
export interface AccessTokenClaims {
  jti: string;
  clientKey: string;
  /** `aud`: the resource the token is for (RFC 8707 §2), or the client itself when it named none (MediaWiki's). */
  audience: string;
  /** Undefined for the token of a shared client acting for itself (empty `sub`). */
  userId: number | undefined;
  scopes: string[];
  issuedAt: number;
  notBefore: number;
  expiresAt: number;
  issuer: string;
  /** RFC 8693 §4.1: who acts for the user, on a token made by token exchange. */
  actor?: ActorClaim;
  /** RFC 9449 §6.1 `cnf.jkt`: the thumbprint of the DPoP key the token is bound to; undefined when unbound. */
  boundKey: string | undefined;
}

/** What an access or refresh token names: its client, user, authorization and scopes. */
export interface TokenGrantReference {
  clientKey: string;
  consumerId: number;
  userId: number | undefined;
  acceptanceId: number;
  scopes: string[];
}

/** Whom a token acts for and what it may do, as of now. */
export interface GrantState {
  consumer: Consumer;
  acceptance: Acceptance | undefined;
  user: UserProfile | undefined;
  /** The token's scopes still covered by the user's authorization. */
  grants: string[];
  /** The user's rights that those grants carry (DESIGN §7); none without a user. */
  rights: string[];
}

/** A token that may be used now. */
export interface ActiveAccessToken extends GrantState {
  claims: AccessTokenClaims;
  familyId: string | null;
}

/**
 * Checks OAuth 2 access tokens (reference §5.4, attack case 19): signature by a published key with the
 * algorithm of that key (never `none`, never HMAC), `typ: at+jwt`, our issuer, the times without leeway; then
 * the state behind it, each looked up now so revocation takes effect at once: the recorded token is not revoked,
 * the consumer is usable, the authorization still exists for this site, the user is not blocked.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly keys: SigningKeys,
    private readonly tokens: AccessTokenRepository,
    private readonly directory: ConsumerDirectory,
    private readonly acceptances: AcceptanceService,
    private readonly identity: IdentityService,
    private readonly grants: GrantCatalogue,
    private readonly documentClients: DocumentClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signature and claims only; `ignoreTime` for revocation, where an expired token may still be named. */
  claims(token: string, options: { ignoreTime?: boolean } = {}): AccessTokenClaims {
    if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) {
      throw new AccessTokenRejected('Invalid access token');
    }
    const verified = this.keys.verify(token);
    if (!verified) {
      throw new AccessTokenRejected('Access token could not be verified');
    }
    const claims = readClaims(verified.header, verified.payload, this.config.http.publicUrl);
    if (!options.ignoreTime) {
      const now = Math.floor(Date.now() / 1000);
      if (claims.expiresAt <= now) {
        throw new AccessTokenRejected('Access token has expired');
      }
      if (claims.notBefore > now) {
        throw new AccessTokenRejected('Access token is not valid yet');
      }
    }
    return claims;
  }

  /**
   * `check`, for Gatehouse's own resources (the JSON API, MediaWiki's resources, UserInfo): a token issued for
   * another resource server is not for them (RFC 8707 §2, RFC 9068 §4 `aud`), however valid.
   */
  async checkForThisServer(token: string): Promise<ActiveAccessToken> {
    const active = await this.check(token);
    if (active.claims.audience !== active.claims.clientKey) {
      throw new AccessTokenRejected('The access token is for another resource server');
    }
    return active;
  }

  async check(token: string): Promise<ActiveAccessToken> {
    const claims = this.claims(token);
    const record = await this.tokens.find(claims.jti);
    if (!record || record.revoked) {
      throw new AccessTokenRejected('Access token has been revoked');
    }
    const state = await this.grantState({
      clientKey: claims.clientKey,
      consumerId: record.consumerId,
      userId: claims.userId,
      acceptanceId: record.acceptanceId,
      scopes: claims.scopes,
    });
    return { claims, familyId: record.familyId, ...state };
  }

  /**
   * Whether what a token rests on still holds, read now: the consumer is usable, the authorization still exists
   * for this site, the user is not blocked. Answers the grants and rights the token carries today.
   */
  async grantState(token: TokenGrantReference): Promise<GrantState> {
    // A client known by its metadata document is named by the document's URL (RFC 9068 §2.2 `client_id`).
    const consumer = isClientIdUrl(token.clientKey)
      ? await this.documentClients.find(token.clientKey)
      : await this.directory.findByKey(token.clientKey);
    if (!consumer || consumer.id !== token.consumerId || consumer.oauthVersion !== 2) {
      throw new AccessTokenRejected('Access token has been revoked');
    }
    if (!isUsableBy(consumer, token.userId)) {
      throw new AccessTokenRejected(
        `The app that you are trying to connect seems to be set up incorrectly. Contact the author of "${consumer.name}" for help.`,
      );
    }
    // MediaWiki's rule: a token whose authorization is gone is revoked, whatever its own row says.
    const acceptance = token.acceptanceId === 0 ? undefined : await this.acceptances.findById(token.acceptanceId);
    if (token.acceptanceId !== 0 && (!acceptance || acceptance.userId !== token.userId)) {
      throw new AccessTokenRejected('Access token has been revoked');
    }
    if (acceptance && acceptance.wiki !== '*' && acceptance.wiki !== this.config.oauth.siteId) {
      throw new AccessTokenRejected('This authorization is not valid on this site');
    }
    const user = token.userId === undefined ? undefined : await this.identity.findProfile(token.userId);
    if (token.userId !== undefined && (!user || user.blocked || user.locked)) {
      throw new AccessTokenRejected('The account behind this token may not use apps');
    }
    const grants = acceptance ? token.scopes.filter((scope) => acceptance.grants.includes(scope)) : token.scopes;
    const rights = user ? [...effectiveRights(user.rights, grants, this.grants)] : [];
    return { consumer, acceptance, user, grants, rights };
  }
}
function readClaims(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  issuer: string,
): AccessTokenClaims {
  const { jti, aud, sub, scopes, iat, nbf, exp, iss, act, cnf, client_id: clientId } = payload;
  const boundKey = typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>).jkt : undefined;
  const wellFormed =
    header.typ === ACCESS_TOKEN_TYP &&
    iss === issuer &&
    typeof jti === 'string' &&
    JTI.test(jti) &&
    typeof aud === 'string' &&
    (clientId === undefined || typeof clientId === 'string') &&
    typeof sub === 'string' &&
    (sub === '' || /^[1-9][0-9]{0,15}$/.test(sub)) &&
    Array.isArray(scopes) &&
    scopes.every((scope) => typeof scope === 'string') &&
    [iat, nbf, exp].every((time) => typeof time === 'number' && Number.isFinite(time)) &&
    (act === undefined || isActorClaim(act)) &&
    (cnf === undefined || typeof boundKey === 'string');
  if (!wellFormed) {
    throw new AccessTokenRejected('Access token could not be verified');
  }
  return {
    jti: jti,
    // RFC 9068 §2.2 `client_id` names the client; the tokens from before it carried it only in `aud`.
    clientKey: clientId ?? aud,
    audience: aud,
    userId: sub === '' ? undefined : Number(sub),
    scopes: scopes,
    issuedAt: iat as number,
    notBefore: nbf as number,
    expiresAt: exp as number,
    issuer: iss,
    ...(act === undefined ? {} : { actor: act }),
    boundKey: boundKey as string | undefined,
  };
}

function isActorClaim(value: unknown): value is ActorClaim {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { sub, client_id: clientId, act } = value as Record<string, unknown>;
  return typeof sub === 'string' && typeof clientId === 'string' && (act === undefined || isActorClaim(act));
}
