import { Inject, Injectable } from '@nestjs/common';
import { randomHex } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { AtomicStep } from '../../database/atomic-write';
import type { Consumer } from '../../consumers/consumer';
import { DocumentClients } from '../client-metadata/document-clients';
import { SigningKeys } from '../keys/signing-keys.service';
import { AccessTokenRepository, type NewAccessToken } from './access-token.repository';
import { epochSeconds, expiryAfter } from './token-lifetime';

/** RFC 9068's media type for JWT access tokens, so no other JWT of ours can pass as one. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

export type IssuingGrant =
  | 'authorization_code'
  | 'refresh_token'
  | 'client_credentials'
  | 'urn:ietf:params:oauth:grant-type:device_code'
  | 'urn:ietf:params:oauth:grant-type:token-exchange';

/** RFC 8693 §4.1's `act`: the acting party, with the earlier actors of a delegation chain nested in it. */
export interface ActorClaim {
  sub: string;
  client_id: string;
  act?: ActorClaim;
}

export interface AccessTokenRequest {
  consumer: Consumer;
  /** The user the token acts for; undefined for a shared client's own client-credentials token. */
  userId: number | undefined;
  /** The authorization it rests on; 0 for none. */
  acceptanceId: number;
  scopes: string[];
  /** Absent for the owner-only tokens made at registration, as in MediaWiki. */
  grantType?: IssuingGrant;
  familyId: string | null;
  /** Overrides the configured lifetime (owner-only tokens never expire). */
  ttlSeconds?: number;
  /** Token exchange (RFC 8693 §4.1): the client acting for the user. */
  actor?: ActorClaim;
  /** RFC 9449 §6.1: the thumbprint of the DPoP key the token is bound to (`TokenClient.senderKey`); undefined: none. */
  senderKey: string | undefined;
  /** RFC 8707 §2: the resource the token is for, its `aud`; undefined: MediaWiki's audience, the client. */
  resource?: string;
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  expiresIn: number;
  /** The `client_id` it names: the consumer's key, or its metadata document's URL. */
  clientId: string;
}

/**
 * Signs OAuth 2 access tokens (DESIGN §6; reference §5.4): MediaWiki's claims (`aud`, `jti`, `iat`, `nbf`, `exp`,
 * `sub`, `iss`, `scopes`, `grant_type`) plus RFC 9068's `client_id` and `scope` and RFC 8693's `act` for exchanged
 * tokens, with the current key's `kid`. Each is recorded by its `jti` so it can be revoked before it expires. A token
 * of a request with a DPoP proof is bound to the proof's key (RFC 9449 §6.1 `cnf.jkt`), and its row records the
 * thumbprint.
 */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly tokens: AccessTokenRepository,
    private readonly documentClients: DocumentClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(request: AccessTokenRequest): Promise<IssuedAccessToken> {
    const { token, row } = await this.sign(request);
    await this.tokens.insert(row);
    return token;
  }

  /**
   * A token signed but not yet recorded, with the INSERT that records it, for a caller that commits it with the
   * decision the token is issued on (a refresh token's rotation): if that decision is lost, the token, never sent, is
   * never recorded either.
   */
  async issueUnrecorded(request: AccessTokenRequest): Promise<{ token: IssuedAccessToken; record: AtomicStep }> {
    const { token, row } = await this.sign(request);
    return { token, record: this.tokens.insertStep(row) };
  }

  private async sign(request: AccessTokenRequest): Promise<{ token: IssuedAccessToken; row: NewAccessToken }> {
    const now = new Date();
    const expires = expiryAfter(now, request.ttlSeconds ?? this.config.oauth2.accessTokenTtl);
    const jti = randomHex(40);
    // RFC 9068 §2.2: the client as it knows itself, its key or its metadata document's URL.
    const clientId = await this.documentClients.clientIdOf(request.consumer);
    const claims: Record<string, unknown> = {
      iss: this.config.http.publicUrl,
      sub: request.userId === undefined ? '' : String(request.userId),
      // RFC 8707 §2, RFC 9068 §3: a token for a resource names it as its audience; `client_id` still names the client.
      aud: request.resource ?? clientId,
      jti,
      iat: epochSeconds(now),
      nbf: epochSeconds(now),
      exp: epochSeconds(expires),
      client_id: clientId,
      scope: request.scopes.join(' '),
      scopes: request.scopes,
    };
    if (request.grantType) {
      claims.grant_type = request.grantType;
    }
    if (request.actor) {
      claims.act = request.actor;
    }
    if (request.senderKey !== undefined) {
      claims.cnf = { jkt: request.senderKey };
    }
    await this.keys.settled();
    return {
      token: {
        token: this.keys.sign(claims, ACCESS_TOKEN_TYP),
        jti,
        expiresIn: epochSeconds(expires) - epochSeconds(now),
        clientId,
      },
      row: {
        jti,
        expires,
        acceptanceId: request.acceptanceId,
        consumerId: request.consumer.id,
        familyId: request.familyId,
        dpopJkt: request.senderKey ?? null,
      },
    };
  }
}
