import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AuthContext } from '../common/auth/auth-context';
import { randomHex } from '../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TOKEN_EXCHANGE_GRANT_TYPE } from '../config/env/oauth2.env';
import { isUniqueViolation } from '../database/unique-violation';
import { AcceptanceService } from '../grants/acceptance.service';
import { IdentityService } from '../identity/identity.service';
import type { UserProfile } from '../identity/user-profile';
import { checkCallbackUrl } from './callbacks/callback-url';
import { checkLogoutUris } from './callbacks/check-logout-uris';
import { checkClientKeys } from './checks/check-client-keys';
import { checkIpRanges } from './checks/check-restrictions';
import { checkRsaKey } from './checks/check-rsa-key';
import { checkProposalGrants } from './checks/check-proposal-grants';
import { checkResources } from './checks/check-resources';
import { compareVersions, isComposerVersion } from './composer-version';
import { type Consumer, DEFAULT_RESTRICTIONS } from './consumer';
import { assertWritable } from './consumer-guards';
import { publishLifecycle } from './consumer-events';
import { ConsumerSecrets } from './consumer-secrets';
import { OwnerOnlyTokens } from './owner-only-tokens';
import { ConsumerStage } from './consumer-stage';
import { ConsumerErrorCode, ConsumerException } from './consumer.exception';
import { ConsumerRepository } from './consumer.repository';
import { GrantCatalogue } from '../grants/grant-catalogue';
import { TOKEN_EXCHANGE_GRANT } from '../grants/grant-definition';

/** MediaWiki's blob limit for descriptions (reference §2.2); also what a MariaDB TEXT column holds. */
const MAX_TEXT_BYTES = 65535;
/**
 * Grants that carry no user right, so the rights intersection does not tame them: only reviewed consumers may hold
 * them. `introspect` sees every token; `token-exchange` turns other clients' tokens into the holder's own (RFC 8693).
 */
const REVIEWED_GRANTS: Record<string, string> = {
  introspect: 'lets a client see every token',
  [TOKEN_EXCHANGE_GRANT]: "lets a client act with other clients' tokens",
};

export interface Proposal {
  oauthVersion: 1 | 2;
  name: string;
  version: string;
  description: string;
  callbackUrl?: string;
  callbackIsPrefix?: boolean;
  email: string;
  grants: string[];
  ownerOnly?: boolean;
  wiki?: string;
  restrictions?: { ipAddresses: string[] };
  rsaKey?: string;
  oauth2IsConfidential?: boolean;
  oauth2GrantTypes?: string[];
  /** OpenID Connect RP-Initiated Logout 1.0 §3.1; OAuth 2 only. */
  postLogoutRedirectUris?: string[];
  /** OpenID Connect Back-Channel Logout 1.0 §2.2; OAuth 2 only. */
  backchannelLogoutUri?: string;
  /** RFC 9449 §5.2 `dpop_bound_access_tokens`; OAuth 2 only. */
  dpopBoundAccessTokens?: boolean;
  /** RFC 7591 §2 names; OAuth 2 only. */
  tokenEndpointAuthMethod?: string;
  /** RFC 7591 §2: public keys of a private_key_jwt client, a JWKS object (or its JSON text). */
  jwks?: unknown;
  /** RFC 7591 §2: where those keys are fetched from instead. */
  jwksUri?: string;
  /** RFC 9126 §6; OAuth 2 only. */
  requirePushedAuthorizationRequests?: boolean;
  /** RFC 8707 §2: the resources the client may ask tokens for; OAuth 2 only. */
  resources?: string[];
  /** MediaWiki's REST API treats validator warnings as failures (reference §5.7). */
  failOnWarnings?: boolean;
}

export interface Registration {
  consumer: Consumer;
  /** The client secret, shown this once; public OAuth 2 clients get none. */
  secret?: string;
  accessToken?: string;
  accessSecret?: string;
  warnings: string[];
}

/** Proposing consumers (reference §2.2), including owner-only ones that are usable at once (§3). */
@Injectable()
export class ConsumerRegistrationService {
  constructor(
    private readonly consumers: ConsumerRepository,
    private readonly identity: IdentityService,
    private readonly grants: GrantCatalogue,
    private readonly acceptances: AcceptanceService,
    private readonly secrets: ConsumerSecrets,
    private readonly ownerTokens: OwnerOnlyTokens,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async propose(auth: AuthContext, proposal: Proposal): Promise<Registration> {
    assertWritable(this.config);
    const owner = await this.identity.findProfile(auth.userId);
    if (!owner?.emailConfirmed || !owner.email) {
      throw new ConsumerException(
        ConsumerErrorCode.EmailNotConfirmed,
        'Confirm your email address before registering applications',
      );
    }
    if (proposal.email !== owner.email) {
      throw new ConsumerException(
        ConsumerErrorCode.EmailMismatched,
        'Provided email address must match that of your account',
      );
    }
    return this.create(auth, owner, proposal);
  }

  /**
   * A proposal made by the software for whoever registered at RFC 7591's endpoint: the system account `auth` names
   * owns it, so it has no confirmed email of its own (the client's `contacts` stand there), and a name it already
   * holds gets the next version rather than a refusal, since unrelated clients may well share a name.
   */
  async proposeForSystem(auth: AuthContext, proposal: Omit<Proposal, 'version'>): Promise<Registration> {
    assertWritable(this.config);
    const owner = await this.identity.findProfile(auth.userId);
    if (!owner) {
      throw new ConsumerException(ConsumerErrorCode.InvalidField, `There is no user with id ${auth.userId}`);
    }
    const latest = (await this.consumers.findByNameAndOwner(proposal.name, auth.userId)).find((consumer) =>
      isComposerVersion(consumer.version),
    );
    const major = latest ? Number(/\d+/.exec(latest.version)?.[0] ?? 0) + 1 : 1;
    return this.create(auth, { ...owner, email: proposal.email }, { ...proposal, version: `${major}.0` });
  }

  private async create(auth: AuthContext, owner: UserProfile, proposal: Proposal): Promise<Registration> {
    const ownerOnly = proposal.ownerOnly ?? false;
    const shape = this.checkShape(proposal, ownerOnly);
    if (proposal.failOnWarnings && shape.warnings.length > 0) {
      throw new ConsumerException(ConsumerErrorCode.InvalidCallbackUrl, shape.warnings.join('; '));
    }
    await this.checkNameAndVersion(proposal, auth.userId);

    const now = new Date();
    const stage = ownerOnly ? ConsumerStage.Approved : ConsumerStage.Proposed;
    const action = ownerOnly ? 'create-owner-only' : 'propose';
    let consumer: Consumer;
    try {
      consumer = await this.consumers.insert(
        {
          consumerKey: randomHex(16),
          name: proposal.name,
          version: proposal.version,
          ownerId: auth.userId,
          callbackUrl: shape.callbackUrl,
          callbackIsPrefix: shape.callbackIsPrefix,
          description: proposal.description,
          email: owner.email,
          emailAuthenticated: owner.emailConfirmed ? now : null,
          developerAgreement: true,
          ownerOnly,
          wiki: proposal.wiki ?? '*',
          grants: shape.grants,
          registration: now,
          secretKey: randomHex(16),
          rsaKey: shape.rsaKey,
          restrictions: { IPAddresses: shape.ipAddresses },
          stage,
          stageTimestamp: now,
          deleted: false,
          oauthVersion: proposal.oauthVersion,
          oauth2GrantTypes: shape.oauth2GrantTypes,
          oauth2IsConfidential: shape.confidential,
          postLogoutRedirectUris: shape.logoutUris.postLogoutRedirectUris,
          backchannelLogoutUri: shape.logoutUris.backchannelLogoutUri,
          dpopBoundAccessTokens: proposal.dpopBoundAccessTokens ?? false,
          tokenEndpointAuthMethod: shape.clientKeys.tokenEndpointAuthMethod,
          jwks: shape.clientKeys.jwks,
          jwksUri: shape.clientKeys.jwksUri,
          requirePushedAuthorizationRequests: shape.requirePushedAuthorizationRequests,
          resources: shape.resources,
          changeCounter: 0,
        },
        { timestamp: now, actorId: auth.userId, action, comment: proposal.description, deleted: false },
      );
    } catch (error) {
      throw isUniqueViolation(error) ? this.exists() : error;
    }
    const registration: Registration = { consumer, warnings: shape.warnings };
    // A private_key_jwt client proves itself with its keys and may not use a secret (RFC 7591 §2): it gets none.
    if (shape.confidential && shape.clientKeys.tokenEndpointAuthMethod !== 'private_key_jwt') {
      registration.secret = this.secrets.derive(consumer.secretKey as string);
    }
    if (ownerOnly) {
      const acceptance = await this.acceptances.grant({
        userId: auth.userId,
        consumerId: consumer.id,
        wiki: consumer.wiki,
        grants: consumer.grants,
        oauthVersion: consumer.oauthVersion,
      });
      if (consumer.oauthVersion === 1) {
        registration.accessToken = acceptance.accessToken;
        registration.accessSecret = this.secrets.derive(acceptance.accessSecretStored);
      } else {
        registration.accessToken = await this.ownerTokens.issue(consumer, acceptance);
      }
    }
    await publishLifecycle(
      this.events,
      action,
      consumer,
      owner,
      { id: auth.userId, name: auth.userName },
      proposal.description,
      now,
    );
    return registration;
  }

  private checkShape(proposal: Proposal, ownerOnly: boolean) {
    const isOauth2 = proposal.oauthVersion === 2;
    const refuse = (message: string) => new ConsumerException(ConsumerErrorCode.InvalidField, message);
    if (!isOauth2 && (proposal.oauth2GrantTypes !== undefined || proposal.oauth2IsConfidential !== undefined)) {
      throw refuse('oauth2GrantTypes and oauth2IsConfidential are for OAuth 2 consumers only');
    }
    if (!isOauth2 && proposal.dpopBoundAccessTokens) {
      throw refuse('dpopBoundAccessTokens is for OAuth 2 consumers only');
    }
    if (isOauth2 && (proposal.callbackIsPrefix || proposal.rsaKey)) {
      throw refuse('callbackIsPrefix and rsaKey are for OAuth 1.0a consumers only');
    }
    if (Buffer.byteLength(proposal.description) >= MAX_TEXT_BYTES) {
      throw refuse(`description must be shorter than ${MAX_TEXT_BYTES} bytes`);
    }
    const reviewed = ownerOnly ? proposal.grants.find((grant) => grant in REVIEWED_GRANTS) : undefined;
    if (reviewed !== undefined) {
      throw new ConsumerException(
        ConsumerErrorCode.InvalidGrants,
        `The ${reviewed} grant ${REVIEWED_GRANTS[reviewed]}, so it needs an admin's review: it cannot be owner-only`,
      );
    }
    const wiki = proposal.wiki ?? '*';
    if (wiki !== '*' && wiki !== this.config.oauth.siteId) {
      throw refuse(`wiki must be "*" or this site's id, ${this.config.oauth.siteId}`);
    }
    const confidential = isOauth2 ? (proposal.oauth2IsConfidential ?? true) : true;
    const oauth2GrantTypes = isOauth2 ? this.checkGrantTypes(proposal, ownerOnly, confidential) : null;
    const logoutUris = checkLogoutUris(proposal, { oauthVersion: proposal.oauthVersion, confidential, ownerOnly });
    const clientKeys = checkClientKeys(proposal, { oauthVersion: proposal.oauthVersion, confidential, ownerOnly });
    if (!isOauth2 && proposal.requirePushedAuthorizationRequests !== undefined) {
      throw refuse('requirePushedAuthorizationRequests is for OAuth 2 consumers only');
    }
    // A client registered for what this server has switched off could never authenticate or authorize.
    if (clientKeys.tokenEndpointAuthMethod === 'private_key_jwt' && !this.config.oauth2.privateKeyJwt) {
      throw refuse('private_key_jwt client authentication is disabled on this server');
    }
    if (proposal.requirePushedAuthorizationRequests && !this.config.oauth2.par) {
      throw refuse('Pushed authorization requests are disabled on this server');
    }
    let callbackUrl = `${this.config.http.publicUrl}/oauth1/verified`;
    let warnings: string[] = [];
    // A client of the device flow alone (RFC 8628) redirects no one: like an owner-only one, it needs no callback.
    const redirects = !isOauth2 || oauth2GrantTypes?.includes('authorization_code') || proposal.callbackUrl;
    if (!ownerOnly && redirects) {
      if (!proposal.callbackUrl) {
        throw new ConsumerException(
          ConsumerErrorCode.InvalidCallbackUrl,
          'callbackUrl is required unless the consumer is owner-only',
        );
      }
      const isPrefix = proposal.callbackIsPrefix ?? false;
      ({ url: callbackUrl, warnings } = checkCallbackUrl(proposal.callbackUrl, {
        oauthVersion: proposal.oauthVersion,
        confidential,
        isPrefix,
      }));
    }
    return {
      callbackUrl,
      callbackIsPrefix: !ownerOnly && (proposal.callbackIsPrefix ?? false),
      grants: checkProposalGrants(proposal.grants, this.grants, proposal.oauthVersion),
      resources: checkResources(proposal.resources, proposal.oauthVersion),
      rsaKey: proposal.rsaKey ? checkRsaKey(proposal.rsaKey) : null,
      ipAddresses: checkIpRanges(proposal.restrictions?.ipAddresses ?? DEFAULT_RESTRICTIONS.ipAddresses),
      confidential,
      oauth2GrantTypes,
      logoutUris,
      clientKeys,
      requirePushedAuthorizationRequests: proposal.requirePushedAuthorizationRequests ?? false,
      warnings,
    };
  }

  private checkGrantTypes(proposal: Proposal, ownerOnly: boolean, confidential: boolean): string[] {
    const refuse = (message: string) => new ConsumerException(ConsumerErrorCode.InvalidField, message);
    const requested =
      proposal.oauth2GrantTypes ?? (ownerOnly ? ['client_credentials'] : ['authorization_code', 'refresh_token']);
    const types = [...new Set(requested)];
    if (types.length === 0) {
      throw refuse('oauth2GrantTypes must name at least one grant type');
    }
    const disabled = types.filter((type) => !(this.config.oauth2.enabledGrantTypes as string[]).includes(type));
    if (disabled.length > 0) {
      throw refuse(`Grant types not enabled on this server: ${disabled.join(', ')}`);
    }
    if (ownerOnly && (types.length !== 1 || types[0] !== 'client_credentials')) {
      throw refuse('Owner-only OAuth 2 clients must use exactly the client_credentials grant type');
    }
    if (!confidential && types.includes('client_credentials')) {
      throw refuse('Public (non-confidential) clients cannot use client_credentials');
    }
    if (!confidential && types.includes(TOKEN_EXCHANGE_GRANT_TYPE)) {
      // RFC 8693 §2.1: the exchange rests on authenticating the client that will act for the user.
      throw refuse('Public (non-confidential) clients cannot use token exchange');
    }
    return types;
  }

  /** Same name, version and owner is a duplicate; a new version must be higher than the last one registered. */
  private async checkNameAndVersion(proposal: Proposal, ownerId: number): Promise<void> {
    if (!isComposerVersion(proposal.version)) {
      throw new ConsumerException(ConsumerErrorCode.InvalidVersion, `Invalid version string: ${proposal.version}`);
    }
    const earlier = await this.consumers.findByNameAndOwner(proposal.name, ownerId);
    if (earlier.some((consumer) => consumer.version === proposal.version)) {
      throw this.exists();
    }
    const latest = earlier[0];
    if (latest && isComposerVersion(latest.version) && compareVersions(proposal.version, latest.version) <= 0) {
      throw new ConsumerException(
        ConsumerErrorCode.VersionNotHigher,
        `A consumer named ${proposal.name} already exists with an equal or higher version (${latest.version})`,
      );
    }
  }

  private exists(): ConsumerException {
    return new ConsumerException(
      ConsumerErrorCode.ConsumerExists,
      'A consumer with this name/version/publisher combination already exists',
    );
  }
}
