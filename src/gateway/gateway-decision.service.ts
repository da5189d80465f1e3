import { Inject, Injectable } from '@nestjs/common';
import { CacheUnavailableError } from '../cache/cache-unavailable.error';
import { InvalidationBus } from '../cache/invalidation-bus';
import { constantTimeEquals } from '../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Consumer } from '../consumers/consumer';
import { ConsumerDirectory } from '../consumers/consumer-directory';
import { type ConsumerActor, checkConsumerAccess } from '../consumers/checks/check-consumer-access';
import type { Acceptance } from '../grants/acceptance';
import { AcceptanceService } from '../grants/acceptance.service';
import { effectiveRights } from '../grants/effective-rights';
import { GrantCatalogue } from '../grants/grant-catalogue';
import type { UserProfile } from '../identity/user-profile';
import { type CredentialLookups, Oauth1RequestVerifier } from '../oauth1/oauth1-request-verifier.service';
import { Oauth1Refusal } from '../oauth1/oauth1-refusal';
import { type ActiveAccessToken, AccessTokenRejected } from '../oauth2/tokens/access-token.verifier';
import { AuthorizationState } from '../oauth2/grants/authorization-state';
import { ActiveAccessTokens } from '../oauth2/tokens/active-access-tokens';
import { CredentialCache } from '../cache/credential-cache';
import { type PresentedToken, SenderConstraint, SenderRefused } from '../oauth2/bearer/sender-constraint';
import { type GuardedResource, ResourceGuards } from './resource-guards';
import {
  type GatewayRequest,
  type OriginalRequest,
  type Requirements,
  authorizationOf,
  gatewayKeyOf,
  originalRequest,
  requirementsOf,
} from './gateway-request';

/** Entries are also dropped after this long, so memory holds only what is in use. */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 100_000;
const REALM = 'realm="gatehouse"';
/** RFC 6749 §3.3 `scope-token`: printable ASCII without space, `"` or `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Who a valid credential acts for, and what it may do. */
export interface Identity {
  protocol: 'oauth1' | 'oauth2';
  /** An OAuth 2 token's `aud` (RFC 8707 §2): the resource it is for, or its client when it names none. */
  audience?: string;
  consumer: Consumer;
  user: UserProfile | undefined;
  grants: string[];
  rights: string[];
}

/** The answer: a status, headers for the gateway, and a small JSON body saying why. */
export interface GatewayDecision {
  status: 200 | 401 | 403 | 503;
  headers: Record<string, string>;
  body: { allowed: boolean; reason?: string };
}

/**
 * The gateway's question, "may this request through, as whom?" (DESIGN §11). Bearer tokens and OAuth 1.0a
 * signatures are checked as the API checks them, over the original request the gateway describes; the state
 * behind a credential (token, consumer, authorization, user) is cached in process memory and dropped through
 * the invalidation bus, so a hit costs no SQL and, for a bearer token, no signature check either (bearer tokens
 * through `ActiveAccessTokens`, which introspection reads too). A DPoP-bound token needs the `DPoP` scheme and a proof
 * for the original request the gateway describes, checked on every request (RFC 9449 §7.1): a proof is single use.
 */
@Injectable()
export class GatewayDecisionService {
  private readonly acceptances: CredentialCache<Acceptance>;
  private readonly lookups: CredentialLookups;

  constructor(
    private readonly accessTokens: ActiveAccessTokens,
    private readonly oauth1: Oauth1RequestVerifier,
    private readonly directory: ConsumerDirectory,
    private readonly acceptanceService: AcceptanceService,
    private readonly authorizationState: AuthorizationState,
    private readonly catalogue: GrantCatalogue,
    private readonly senders: SenderConstraint,
    private readonly guards: ResourceGuards,
    bus: InvalidationBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.acceptances = new CredentialCache(bus, CACHE_MAX_ENTRIES);
    this.lookups = {
      // ConsumerDirectory keeps its own cache by key, dropped through the same bus.
      consumer: (key) => this.directory.findByKey(key),
      acceptance: (token) => this.cachedAcceptance(token),
    };
  }

  async decide(request: GatewayRequest): Promise<GatewayDecision> {
    if (this.config.http.gatewayKeys.length > 0) {
      const key = gatewayKeyOf(request) ?? '';
      if (!this.config.http.gatewayKeys.some((known) => constantTimeEquals(known, key))) {
        return forbidden('The gateway did not present a valid X-Gateway-Key');
      }
    }
    // Read once: the requirements, the guarded resource, a DPoP proof's htu and an OAuth 1 signature all need it.
    const original = originalRequest(request);
    const requirements = requirementsOf(request, original);
    const guarded = this.guards.of(original, requirements);
    if (guarded === 'misconfigured') {
      return forbidden('The gateway named a resource that is not an absolute URI (RFC 8707 §2)');
    }
    const authorization = authorizationOf(request) ?? '';
    const presented = this.senders.presented(authorization);
    let identity: Identity;
    try {
      if (presented) {
        identity = await this.bearer(presented, request, original, guarded);
      } else if (this.senders.offersToken(authorization)) {
        throw new Refused(401, 'Invalid access token', `Bearer ${REALM}, error="invalid_token"`);
      } else if (/^OAuth\s/i.test(authorization)) {
        identity = await this.signed(request, original);
      } else {
        return unauthorized('No credential', this.guards.challenge(`Bearer ${REALM}, OAuth ${REALM}`, guarded));
      }
    } catch (error) {
      if (error instanceof Refused) {
        return error.status === 403
          ? forbidden(error.message)
          : unauthorized(error.message, this.guards.challenge(error.challenge, guarded), error.headers);
      }
      if (error instanceof CacheUnavailableError) {
        return unavailable(error);
      }
      throw error;
    }
    return this.allowed(identity, requirements, guarded);
  }

  private async bearer(
    presented: PresentedToken,
    request: GatewayRequest,
    original: OriginalRequest | undefined,
    guarded: GuardedResource,
  ): Promise<Identity> {
    let active: ActiveAccessToken;
    try {
      active = await this.accessTokens.check(presented.token);
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        throw new Refused(401, error.message, `${presented.scheme} ${REALM}, error="invalid_token"`);
      }
      throw error;
    }
    if (presented.scheme === 'DPoP' || active.claims.boundKey !== undefined) {
      await this.confirmSender(presented, active.claims.boundKey, request, original);
    }
    const { audience, clientKey } = active.claims;
    // RFC 8707 §2, RFC 9068 §4: a token is good only where its audience is. Where the gateway guards no named
    // resource only tokens for none (their client as audience, MediaWiki's) pass: one bound to a resource is for it.
    if (audience !== (guarded.resource ?? clientKey)) {
      throw new Refused(
        401,
        'The access token is not for this resource',
        `${presented.scheme} ${REALM}, error="invalid_token", error_description="The access token is not for this resource"`,
      );
    }
    // The cached consumer is current: a change to it drops the entry through the bus.
    const { consumer, user, grants, rights } = active;
    mayAuthenticate(consumer, { userId: user?.id }, request.clientIp, `Bearer ${REALM}, error="invalid_token"`);
    return { protocol: 'oauth2', audience, consumer, user, grants, rights };
  }

  /** RFC 9449 §7.1 over the original request: its method and its URI as the client addressed it (§4.3 point 9). */
  private async confirmSender(
    presented: PresentedToken,
    boundKey: string | undefined,
    request: GatewayRequest,
    described: OriginalRequest | undefined,
  ): Promise<void> {
    const original = presented.scheme === 'DPoP' ? described : undefined;
    if (presented.scheme === 'DPoP' && !original) {
      throw new Refused(401, 'The gateway did not forward the original URI', `DPoP ${REALM}, error="invalid_token"`);
    }
    try {
      await this.senders.confirm(presented, boundKey, {
        proof: request.headers.dpop,
        method: original?.method ?? request.method,
        uri: original?.baseUrl ?? '',
      });
    } catch (error) {
      if (error instanceof SenderRefused) {
        const { 'WWW-Authenticate': challenge, ...headers } = this.senders.challenge(error);
        throw new Refused(401, error.message, challenge, headers);
      }
      throw error;
    }
  }

  /** OAuth 1.0a: the signature over the original method and URL, a fresh nonce, then the access token's state. */
  private async signed(request: GatewayRequest, original: OriginalRequest | undefined): Promise<Identity> {
    if (!original) {
      throw new Refused(401, 'The gateway did not forward the original URI', `OAuth ${REALM}`);
    }
    try {
      const verified = await this.oauth1.verifySigned(signedParts(original, request), 'access', {
        lookups: this.lookups,
      });
      const acceptance = verified.acceptance as Acceptance;
      const user = await this.authorizationState.user(acceptance.userId);
      const wikiOk = acceptance.wiki === '*' || acceptance.wiki === this.config.oauth.siteId;
      if (!user || user.blocked || user.locked || !wikiOk) {
        throw new Refused(401, 'The account behind this token may not use apps', `OAuth ${REALM}`);
      }
      mayAuthenticate(verified.consumer, { userId: user.id }, request.clientIp, `OAuth ${REALM}`);
      const rights = [...effectiveRights(user.rights, acceptance.grants, this.catalogue)];
      return { protocol: 'oauth1', consumer: verified.consumer, user, grants: acceptance.grants, rights };
    } catch (error) {
      if (error instanceof Oauth1Refusal) {
        throw new Refused(error.error.status === 403 ? 403 : 401, error.message, `OAuth ${REALM}`);
      }
      throw error;
    }
  }

  private allowed(identity: Identity, wanted: Requirements, guarded: GuardedResource): GatewayDecision {
    // RFC 6750 §3.1: a valid token short of what the request needs is `insufficient_scope`, naming the scope.
    // The grants come from the gateway's query: only RFC 6749 §3.3 scope tokens are echoed into the header.
    const insufficient = (scope: string[]) =>
      identity.protocol === 'oauth2'
        ? this.guards.challenge(
            `Bearer ${REALM}, error="insufficient_scope"${
              scope.length > 0 && scope.every((token) => SCOPE_TOKEN.test(token)) ? `, scope="${scope.join(' ')}"` : ''
            }`,
            guarded,
          )
        : undefined;
    const missingGrants = wanted.grants.filter((grant) => !identity.grants.includes(grant));
    if (missingGrants.length > 0) {
      return forbidden(`This credential lacks the grant ${missingGrants.join(', ')}`, insufficient(wanted.grants));
    }
    if (wanted.right && !identity.rights.includes(wanted.right)) {
      return forbidden(`This credential lacks the right ${wanted.right}`, insufficient([]));
    }
    return {
      status: 200,
      headers: {
        'X-Auth-User': headerText(identity.user?.name ?? ''),
        'X-Auth-User-Id': identity.user ? String(identity.user.id) : '',
        'X-Auth-Consumer': identity.consumer.key,
        'X-Auth-Grants': identity.grants.join(' '),
        'X-Auth-Rights': identity.rights.join(' '),
        'X-Auth-Protocol': identity.protocol,
        'X-Auth-Audience': identity.audience ?? '',
        'Cache-Control': 'no-store',
      },
      body: { allowed: true },
    };
  }

  private async cachedAcceptance(token: string): Promise<Acceptance | undefined> {
    const hit = this.acceptances.get(token);
    if (hit) {
      return hit;
    }
    const write = this.acceptances.begin(token);
    const acceptance = await this.acceptanceService.findByAccessToken(token);
    if (acceptance) {
      const tags = { acceptanceId: acceptance.id, consumerId: acceptance.consumerId, userId: acceptance.userId };
      write.set(acceptance, tags, Date.now() + CACHE_TTL_MS);
    }
    return acceptance;
  }
}

/** A refused credential: 401 (with its challenge) or 403. */
class Refused extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
    readonly challenge = `Bearer ${REALM}, OAuth ${REALM}`,
    /** RFC 9449 §8: a fresh `DPoP-Nonce` with `use_dpop_nonce`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The consumer check of every door (DESIGN §3), in the gateway's words: 401 when unusable, 403 from elsewhere. */
function mayAuthenticate(consumer: Consumer, actor: ConsumerActor, clientIp: string, challenge: string): void {
  const refusal = checkConsumerAccess(consumer, actor, clientIp);
  if (refusal === 'address') {
    throw new Refused(403, 'The request came from an IP address this app may not be used from');
  }
  if (refusal) {
    throw new Refused(401, `The app "${consumer.name}" is not usable`, challenge);
  }
}

function signedParts(original: OriginalRequest, request: GatewayRequest) {
  return {
    method: original.method,
    baseUrl: original.baseUrl,
    query: original.query,
    authorization: authorizationOf(request),
    // The gateway forwards no body: form-encoded parameters cannot be part of what it checks.
    contentType: undefined,
    body: undefined,
    clientIp: request.clientIp,
    secure: original.baseUrl.startsWith('https://'),
  };
}

function unauthorized(reason: string, challenge: string, headers: Record<string, string> = {}): GatewayDecision {
  return {
    status: 401,
    headers: { ...headers, 'WWW-Authenticate': challenge, 'Cache-Control': 'no-store' },
    body: { allowed: false, reason },
  };
}

/**
 * An OAuth 1 nonce or a DPoP jti could not be spent: refusing for now (RFC 9110 §15.6.4) is the only answer that
 * never lets a replay through. Bearer tokens never get here; they are checked against caches and the database.
 */
function unavailable(error: CacheUnavailableError): GatewayDecision {
  return {
    status: 503,
    headers: { 'Retry-After': String(error.retryAfter), 'Cache-Control': 'no-store' },
    body: { allowed: false, reason: error.message },
  };
}

function forbidden(reason: string, challenge?: string): GatewayDecision {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (challenge !== undefined) {
    headers['WWW-Authenticate'] = challenge;
  }
  return { status: 403, headers, body: { allowed: false, reason } };
}

/** Header values carry Latin-1 only: other names travel percent-encoded. */
function headerText(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
