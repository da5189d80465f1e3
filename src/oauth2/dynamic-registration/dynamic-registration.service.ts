import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { Right } from '../../common/auth/rights';
import { constantTimeEquals, randomHex, sha256Hex } from '../../common/crypto/crypto';
import type { AppRequest } from '../../common/http/app-request';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ConfigError } from '../../config/config.error';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { ConsumerLifecycleService } from '../../consumers/consumer-lifecycle.service';
import { type Proposal, ConsumerRegistrationService } from '../../consumers/consumer-registration.service';
import { ConsumerStage } from '../../consumers/consumer-stage';
import { ConsumerErrorCode, ConsumerException } from '../../consumers/consumer.exception';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { IdentityService } from '../../identity/identity.service';
import type { ClientMetadataDocument } from '../client-metadata/client-metadata-document';
import { Oauth2Error } from '../oauth2-error';
import { type ClientMetadata, invalidMetadata, isNativeRedirectUri, readClientMetadata } from './client-metadata';
import type { ClientInformationDto } from './dynamic-registration.dto';
import type { DynamicClientOrigin } from './dynamic-client.entity';
import { type DynamicClientRow, DynamicRegistrationRepository } from './dynamic-registration.repository';
import { bearerToken } from './bearer-token';
import { InitialAccessTokens } from './initial-access-tokens';

/**
 * Who the audit log, the notifications and the consumer lists name as the owner and proposer of a client registered
 * at RFC 7591's endpoint: a system account, as MediaWiki's "OAuth system app" owns the consumers no person does.
 */
export const REGISTRATION_ACTOR_NAME = 'Dynamic client registration';

const VERSION_TAKEN = [ConsumerErrorCode.ConsumerExists, ConsumerErrorCode.VersionNotHigher];
const MAX_NAME_ATTEMPTS = 3;

/** The grant types an unreviewed client may use: the code flow of a native app, and refreshing its tokens. */
const OPEN_GRANT_TYPES = ['authorization_code', 'refresh_token'];

/**
 * RFC 7591 dynamic client registration and RFC 7592 management over the consumer registry. A registration is an
 * ordinary OAuth 2 consumer, proposed by the system account: left proposed for admins to review (`review`), approved
 * at once as a public native client within `DYNAMIC_REGISTRATION_GRANTS` (`open`), or approved with the grants of an
 * initial access token an admin issued (RFC 7591 §3).
 */
@Injectable()
export class DynamicRegistrationService implements OnModuleInit {
  constructor(
    private readonly registration: ConsumerRegistrationService,
    private readonly lifecycle: ConsumerLifecycleService,
    private readonly directory: ConsumerDirectory,
    private readonly identity: IdentityService,
    private readonly repository: DynamicRegistrationRepository,
    private readonly initialTokens: InitialAccessTokens,
    private readonly catalogue: GrantCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The grant catalogue may come from `GRANTS_FILE`: only now can the grants of open registrations be checked. */
  onModuleInit(): void {
    const unknown = this.catalogue.unknown(this.config.dynamicRegistration.grants);
    if (unknown.length > 0) {
      throw new ConfigError([`DYNAMIC_REGISTRATION_GRANTS names grants that do not exist: ${unknown.join(', ')}`]);
    }
  }

  async register(request: AppRequest): Promise<ClientInformationDto> {
    this.assertEnabled();
    const initialToken = await this.initialTokens.presented(request);
    const metadata = readClientMetadata(request.body);
    const origin: DynamicClientOrigin = initialToken
      ? 'initial-token'
      : this.config.dynamicRegistration.mode === 'open'
        ? 'open'
        : 'review';
    const allowed = {
      grants: initialToken?.grants ?? this.config.dynamicRegistration.grants,
      // An initial access token carries grants only: its clients reach the resources open registrations may.
      resources: this.config.dynamicRegistration.resources,
    };
    const proposal = this.proposal(metadata, origin, allowed);
    // Spent before the consumer exists: of two registrations with one token, one proceeds.
    if (initialToken && !(await this.initialTokens.spend(initialToken))) {
      throw new Oauth2Error('invalid_token', 'The initial access token was already used');
    }
    const token = randomHex(40);
    const { consumer, secret } = await this.create(
      proposal,
      { origin, registrationTokenHash: sha256Hex(token), initialTokenId: initialToken?.id ?? null },
      origin === 'open'
        ? 'Approved automatically: DYNAMIC_REGISTRATION=open, a public native client within its grants'
        : `Approved by the initial access token #${initialToken?.id}: ${initialToken?.note}`,
    );
    return {
      ...this.information(consumer),
      client_secret: secret,
      client_secret_expires_at: secret === undefined ? undefined : 0,
      registration_access_token: token,
    };
  }

  /**
   * A client known by its Client ID Metadata Document (issue 23 item 4), met for the first time: registered as a
   * registration would be under `DYNAMIC_REGISTRATION` (proposed for review, or approved at once as a public native
   * client within `DYNAMIC_REGISTRATION_GRANTS`), with no registration access token (it manages itself by changing
   * its document).
   */
  async registerDocumentClient(document: ClientMetadataDocument): Promise<Consumer> {
    const origin: DynamicClientOrigin = this.config.dynamicRegistration.mode === 'open' ? 'open' : 'review';
    // Within what an open registration may reach, as a registration's own metadata would be.
    const { grants, resources } = this.config.dynamicRegistration;
    const proposal = this.proposal(document, origin, { grants, resources });
    const description = `Known by its Client ID Metadata Document ${document.clientId}, not registered by a person.`;
    const { consumer } = await this.create(
      { ...proposal, description },
      { origin, registrationTokenHash: '', initialTokenId: null, clientIdUrl: document.clientId },
      'Approved automatically: DYNAMIC_REGISTRATION=open, a public native client known by its metadata document',
    );
    return consumer;
  }

  /** The consumer, its dynamic-client row, and its approval unless it came for review; the one path of both kinds. */
  private async create(
    proposal: Proposal,
    client: Omit<DynamicClientRow, 'consumerId'>,
    approvalReason: string,
  ): Promise<{ consumer: Consumer; secret?: string }> {
    const actor = await this.actor();
    const registered = await this.propose(actor, proposal);
    let consumer = registered.consumer;
    try {
      await this.repository.addClient({ consumerId: consumer.id, ...client });
    } catch (error) {
      // A metadata document's URL is unique: another instance registered it first, so this proposal goes.
      await this.lifecycle.act(actor, consumer.key, 'reject', 'Registered twice at once; the other one stands', false);
      throw error;
    }
    if (client.origin !== 'review') {
      consumer = await this.lifecycle.act(actor, consumer.key, 'approve', approvalReason, false);
    }
    return { consumer, secret: registered.secret };
  }

  /** RFC 7592 §2.1: the client's current registration. */
  async read(request: AppRequest, clientId: string): Promise<ClientInformationDto> {
    return this.information(await this.authenticate(request, clientId));
  }

  /**
   * RFC 7592 §2.2. The registered metadata may be sent back as it is; a change would skip the review every other
   * change of a consumer's redirect URI, grants or type goes through, so it is refused (RFC 7592 §2.2 lets the server
   * refuse values) and the client registers again instead.
   */
  async update(request: AppRequest, clientId: string): Promise<ClientInformationDto> {
    const consumer = await this.authenticate(request, clientId);
    const body = request.body as Record<string, unknown> | undefined;
    if (body?.client_id !== clientId) {
      throw invalidMetadata('client_id must be that of the client being updated (RFC 7592 §2.2)');
    }
    const current = this.information(consumer);
    const wanted = readClientMetadata(body);
    const same =
      sameList(wanted.redirectUris, current.redirect_uris) &&
      sameList(wanted.grantTypes, current.grant_types) &&
      (wanted.tokenEndpointAuthMethod ?? current.token_endpoint_auth_method) === current.token_endpoint_auth_method &&
      (wanted.clientName ?? current.client_name) === current.client_name &&
      sameList(wanted.scope ?? consumer.grants, consumer.grants) &&
      sameList(wanted.resources ?? consumer.resources, consumer.resources);
    if (!same) {
      throw invalidMetadata(
        'A registered client cannot change its redirect URIs, grants, resources, type or name here ' +
          '(it would skip review); register a new client instead',
      );
    }
    return current;
  }

  /** RFC 7592 §2.3: the client is disabled (or its proposal rejected), audited, and its registration token dies. */
  async remove(request: AppRequest, clientId: string): Promise<void> {
    const consumer = await this.authenticate(request, clientId);
    const actor = await this.actor();
    const reason = 'Deleted by the client itself (RFC 7592 §2.3)';
    if (consumer.stage === ConsumerStage.Proposed) {
      await this.lifecycle.act(actor, consumer.key, 'reject', reason, false);
    } else if (consumer.stage === ConsumerStage.Approved) {
      await this.lifecycle.act(actor, consumer.key, 'disable', reason, false);
    }
    await this.repository.forgetToken(consumer.id);
  }

  /**
   * RFC 7592 §2: the registration access token of this very client, compared in constant time with its stored hash.
   * An unknown client, another client's token and a deleted client's are all the same 401 (RFC 7592 §2.1).
   */
  private async authenticate(request: AppRequest, clientId: string): Promise<Consumer> {
    this.assertEnabled();
    const presented = bearerToken(request);
    const consumer = /^[0-9a-f]{32}$/.test(clientId) ? await this.directory.findByKey(clientId) : undefined;
    const client = consumer ? await this.repository.findClient(consumer.id) : null;
    const expected = client?.registrationTokenHash || 'x'.repeat(64);
    const matches = constantTimeEquals(sha256Hex(presented ?? ''), expected);
    if (!consumer || !client || !presented || !matches) {
      throw new Oauth2Error('invalid_token', 'The registration access token is not valid for this client', {
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
    }
    return consumer;
  }

  /**
   * What a registration may become, by how it came (see the class comment). A client that names no grants or
   * resources gets the allowed ones: MCP clients name no resource when they register, only when they authorize
   * (MCP authorization, "Resource Parameter Implementation"). Under review it may name others, for admins to judge.
   */
  private proposal(
    metadata: ClientMetadata,
    origin: DynamicClientOrigin,
    allowed: { grants: string[]; resources: string[] },
  ): Proposal {
    const scope = metadata.scope ?? allowed.grants;
    const resources = metadata.resources ?? allowed.resources;
    if (origin !== 'review') {
      const outside = scope.filter((grant) => !allowed.grants.includes(grant));
      if (outside.length > 0) {
        throw invalidMetadata(`scope: not allowed for this registration: ${outside.join(', ')}`);
      }
      const elsewhere = resources.filter((resource) => !allowed.resources.includes(resource));
      if (elsewhere.length > 0) {
        throw invalidMetadata(`resources: not allowed for this registration: ${elsewhere.join(', ')}`);
      }
    }
    let method = metadata.tokenEndpointAuthMethod ?? 'client_secret_basic';
    if (origin === 'open') {
      // RFC 7591 §3.2.1 lets the server register other values than asked; only a differing explicit choice is refused.
      method = metadata.tokenEndpointAuthMethod ?? 'none';
      if (method !== 'none') {
        throw invalidMetadata('Without review, only public clients register here: token_endpoint_auth_method "none"');
      }
      const grantTypes = metadata.grantTypes.filter((type) => !OPEN_GRANT_TYPES.includes(type));
      if (grantTypes.length > 0) {
        throw invalidMetadata(`grant_types: not allowed without review: ${grantTypes.join(', ')}`);
      }
      if (!metadata.redirectUris.every(isNativeRedirectUri)) {
        throw new Oauth2Error(
          'invalid_redirect_uri',
          'Without review, redirect URIs must be http on a loopback address or a private-use scheme (RFC 8252 §7)',
        );
      }
    }
    return {
      oauthVersion: 2,
      name: metadata.clientName ?? 'Unnamed application',
      version: '',
      description: 'Registered automatically at the dynamic client registration endpoint (RFC 7591).',
      email: metadata.contacts[0] ?? '',
      callbackUrl: metadata.redirectUris[0],
      grants: scope,
      oauth2IsConfidential: method !== 'none',
      oauth2GrantTypes: metadata.grantTypes,
      tokenEndpointAuthMethod: method,
      jwks: metadata.jwks,
      jwksUri: metadata.jwksUri,
      resources,
      failOnWarnings: true,
    };
  }

  /** Concurrent registrations under one name pick the same next version: the one that lost picks again. */
  private async propose(actor: AuthContext, proposal: Proposal): ReturnType<ConsumerRegistrationService['propose']> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.registration.proposeForSystem(actor, proposal);
      } catch (error) {
        if (!(error instanceof ConsumerException)) {
          throw error;
        }
        if (!VERSION_TAKEN.includes(error.code) || attempt === MAX_NAME_ATTEMPTS) {
          throw asRegistrationError(error);
        }
      }
    }
  }

  private async actor(): Promise<AuthContext> {
    const account = await this.identity.systemAccount(REGISTRATION_ACTOR_NAME);
    return {
      userId: account.id,
      userName: account.name,
      groups: [],
      // Enough to approve, reject or disable the clients it registered; nothing else.
      rights: new Set<string>([Right.ManageConsumer]),
      via: 'session',
      blocked: false,
    };
  }

  /** RFC 7591 §3.2.1 / RFC 7592 §3: the client's metadata as registered, with where to manage it. */
  private information(consumer: Consumer): ClientInformationDto {
    return {
      client_id: consumer.key,
      client_id_issued_at: Math.floor(consumer.registeredAt.getTime() / 1000),
      client_name: consumer.name,
      redirect_uris: consumer.oauth2GrantTypes.includes('authorization_code') ? [consumer.callbackUrl] : [],
      grant_types: consumer.oauth2GrantTypes,
      response_types: consumer.oauth2GrantTypes.includes('authorization_code') ? ['code'] : [],
      token_endpoint_auth_method: consumer.tokenEndpointAuthMethod,
      scope: consumer.grants.join(' '),
      resources: consumer.resources,
      registration_client_uri: `${this.config.http.publicUrl}/oauth2/register/${consumer.key}`,
    };
  }

  /** `off`: no endpoint at all (RFC 7591 §3 makes it optional), as if the route did not exist. */
  private assertEnabled(): void {
    if (this.config.dynamicRegistration.mode === 'off') {
      throw new Oauth2Error('invalid_request', 'Dynamic client registration is disabled on this server', {
        status: 404,
      });
    }
  }
}

/** The consumer rules' refusals in RFC 7591 §3.2.2's words. */
function asRegistrationError(error: ConsumerException): Oauth2Error {
  if (error.code === ConsumerErrorCode.ReadOnly) {
    return new Oauth2Error('temporarily_unavailable', error.message);
  }
  if (error.code === ConsumerErrorCode.InvalidCallbackUrl) {
    return new Oauth2Error('invalid_redirect_uri', error.message);
  }
  return invalidMetadata(error.message);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
