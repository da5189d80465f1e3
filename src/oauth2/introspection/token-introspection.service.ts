import { Inject, Injectable } from '@nestjs/common';
import { DoorLimits } from '../../common/rate-limits/door-limits';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { DocumentClients } from '../client-metadata/document-clients';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthenticator } from '../protocol/client-authenticator';
import { isCountedRefusal } from '../protocol/counted-refusal';
import { assertForm, parameter } from '../protocol/protocol-parameters';
import { AccessTokenRejected, AccessTokenVerifier } from '../tokens/access-token.verifier';
import { ActiveAccessTokens } from '../tokens/active-access-tokens';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import type { IntrospectionDto } from './introspection.dto';
import type { ProtocolRequest } from '../protocol/protocol-request';

/** The grant that lets a client (a gateway, a resource server) introspect every token (DESIGN §11). */
export const INTROSPECT_GRANT = 'introspect';
const INACTIVE: IntrospectionDto = { active: false };

/**
 * RFC 7662 with the caller rules of DESIGN §11 (attack case 17): callers are confidential clients; a client sees
 * its own tokens, a client holding `introspect` sees all; anything unknown, expired, revoked, no longer backed by
 * a usable client and authorization, or not the caller's, is `{ active: false }` and nothing more. Both token
 * kinds are tried whatever the hint says. Access tokens are read through the state the gateway caches, dropped at
 * once on every instance when anything behind them changes. Only refused requests (a failed client
 * authentication, a malformed request) count against the caller's address (`RATE_LIMIT_INTROSPECTION`): a gateway
 * introspects for all its users from one address, and its answered requests cost no I/O for the limit.
 */
@Injectable()
export class TokenIntrospectionService {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly activeAccessTokens: ActiveAccessTokens,
    private readonly refreshTokens: RefreshTokenService,
    private readonly directory: ConsumerDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: DoorLimits,
    private readonly documentClients: DocumentClients,
  ) {}

  introspect(request: ProtocolRequest): Promise<IntrospectionDto> {
    return this.limits.limitRefusals('introspection', request.ip, () => this.answer(request), isCountedRefusal);
  }

  private async answer(request: ProtocolRequest): Promise<IntrospectionDto> {
    assertForm(request);
    // No user acts here, so an unreviewed proposal cannot introspect (least of all with `introspect`). The caller's
    // IP ranges hold; those of the token's client do not, since the caller is a server, not that client.
    const { consumer: caller } = await this.clients.authenticate(request, { confidentialOnly: true, actor: 'itself' });
    const token = parameter(request, 'token', 'body');
    if (token === undefined) {
      throw new Oauth2Error('invalid_request', 'The token parameter is required');
    }
    const seesAll = caller.grants.includes(INTROSPECT_GRANT);
    const visible = (clientKey: string) => seesAll || clientKey === caller.key;
    const answer = token.includes('.') ? await this.accessToken(token) : await this.refreshToken(token);
    return answer && visible(answer.client_id as string) ? answer : INACTIVE;
  }

  private async accessToken(token: string): Promise<IntrospectionDto | undefined> {
    try {
      // The gateway's cached state: no SQL and no signature check for a token seen before (DESIGN §12).
      const active = await this.activeAccessTokens.check(token);
      const { claims } = active;
      return {
        active: true,
        scope: active.grants.join(' '),
        client_id: claims.clientKey,
        username: active.user?.name,
        sub: claims.userId === undefined ? '' : String(claims.userId),
        exp: claims.expiresAt,
        iat: claims.issuedAt,
        nbf: claims.notBefore,
        // RFC 7662 §2.2, RFC 8707 §2: the resource the token is for, so a resource server can check it is the one.
        aud: claims.audience,
        iss: claims.issuer,
        // RFC 9449 §6.2: a bound token says so, and names the key a resource must see a proof by.
        token_type: claims.boundKey === undefined ? 'Bearer' : 'DPoP',
        ...(claims.boundKey === undefined ? {} : { cnf: { jkt: claims.boundKey } }),
        jti: claims.jti,
        grants: active.grants,
        rights: active.rights,
        ...(claims.actor ? { act: claims.actor } : {}),
      };
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        return undefined;
      }
      throw error;
    }
  }

  private async refreshToken(token: string): Promise<IntrospectionDto | undefined> {
    const record = await this.refreshTokens.lookup(token);
    if (!record || record.revoked || record.rotatedAt !== null || record.expires.getTime() <= Date.now()) {
      return undefined;
    }
    try {
      const [consumer] = await this.directory.findByIds([record.consumerId]);
      if (!consumer) {
        return undefined;
      }
      const state = await this.accessTokens.grantState({
        clientKey: consumer.key,
        consumerId: record.consumerId,
        userId: record.userId ?? undefined,
        acceptanceId: record.acceptanceId,
        scopes: record.scopes,
      });
      const clientId = await this.documentClients.clientIdOf(state.consumer);
      return {
        active: true,
        scope: state.grants.join(' '),
        client_id: clientId,
        username: state.user?.name,
        sub: record.userId === null ? '' : String(record.userId),
        exp: Math.floor(record.expires.getTime() / 1000),
        aud: record.resource ?? clientId,
        iss: this.config.http.publicUrl,
        token_type: 'refresh_token',
        grants: state.grants,
        rights: state.rights,
      };
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        return undefined;
      }
      throw error;
    }
  }
}
