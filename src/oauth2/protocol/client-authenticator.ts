import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { sha256Hex } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { ConsumerSecrets } from '../../consumers/consumer-secrets';
import { checkConsumerAccess } from '../../consumers/checks/check-consumer-access';
import { DocumentClients } from '../client-metadata/document-clients';
import { Oauth2Error } from '../oauth2-error';
import {
  ASSERTION_SKEW_SECONDS,
  AssertionRefusal,
  JWT_BEARER_ASSERTION,
  assertionClientId,
  checkClientAssertion,
} from './check-client-assertion';
import { ClientAuthThrottle } from './client-auth-throttle';
import { ClientJwks } from './client-jwks';
import { parameter } from './protocol-parameters';
import type { ProtocolRequest } from './protocol-request';

/** Our client ids (DESIGN §6); anything else is refused before it is looked up, counted or used as a key. */
const CLIENT_ID = /^[0-9a-f]{32}$/;

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

export interface AuthenticatedClient {
  consumer: Consumer;
  method: ClientAuthMethod;
}

export interface ClientAuthOptions {
  /** Public clients are refused (introspection). */
  confidentialOnly?: boolean;
  /**
   * Whom the client acts for at this door (see `checkConsumerAccess`): `itself` where no user is behind the call
   * (introspection), `someone` where the user is known only from the code or token it goes on to present.
   */
  actor: 'itself' | 'someone';
}

type PresentedCredentials =
  | { clientId: string; secret: string | undefined; basic: boolean; assertion?: undefined }
  | { clientId: string; assertion: string };

/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3, attack case 13):
 * HTTP Basic or the form body, never both and never the query string; confidential clients prove their derived
 * secret in constant time, public clients send only their id. Repeated failures lock the (client, source) pair,
 * never a public client, which has no secret to guess. An authenticated client must then be one that may
 * authenticate here: its stage, owner rule and IP restrictions, as at every door. A client registered for
 * `private_key_jwt` proves itself with a signed assertion instead (RFC 7523 §2.2), and only so.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly directory: ConsumerDirectory,
    private readonly secrets: ConsumerSecrets,
    private readonly throttle: ClientAuthThrottle,
    private readonly jwks: ClientJwks,
    private readonly store: TemporaryStore,
    private readonly documentClients: DocumentClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const issuer = config.http.publicUrl;
    // RFC 7523 §3 item 3: the aud identifies this server. RFC 9126 §2 has the server accept its issuer, token
    // endpoint and PAR endpoint URLs; OpenID Connect Core §9 says the token endpoint URL, which clients send to
    // every endpoint. Each names this server alone, so all of them are accepted at every endpoint that
    // authenticates clients, their own URLs included.
    this.audiences = [
      issuer,
      `${issuer}/oauth2/token`,
      `${issuer}/oauth2/access_token`,
      `${issuer}/oauth2/introspect`,
      `${issuer}/oauth2/revoke`,
      `${issuer}/oauth2/par`,
    ];
  }

  private readonly audiences: string[];

  async authenticate(request: ProtocolRequest, options: ClientAuthOptions): Promise<AuthenticatedClient> {
    const client = await this.verify(request, options);
    const refusal = checkConsumerAccess(client.consumer, options.actor, request.ip);
    if (refusal) {
      throw new Oauth2Error(
        'invalid_client',
        refusal === 'address'
          ? `Client ${client.consumer.key} may not be used from this address`
          : `Client ${client.consumer.key} is not usable`,
      );
    }
    return client;
  }

  private async verify(request: ProtocolRequest, options: ClientAuthOptions): Promise<AuthenticatedClient> {
    const presented = readCredentials(request);
    if (presented.assertion !== undefined) {
      return this.verifyAssertion(request, presented);
    }
    const challenge = presented.basic ? { 'WWW-Authenticate': 'Basic realm="OAuth"' } : undefined;
    const failed = (description: string) => new Oauth2Error('invalid_client', description, { headers: challenge });
    const byDocument = this.documentClients.isDocumentClientId(presented.clientId);
    if (!CLIENT_ID.test(presented.clientId) && !byDocument) {
      throw failed('Client authentication failed');
    }
    // A client known by its metadata document is public (its document carries no secret): found by its URL.
    const found = byDocument
      ? await this.documentClients.find(presented.clientId)
      : await this.directory.findByKey(presented.clientId);
    const consumer = found && found.oauthVersion === 2 && !found.suppressed ? found : undefined;
    if (consumer && !consumer.oauth2IsConfidential) {
      if (presented.secret !== undefined) {
        throw failed('Client authentication failed');
      }
      if (options.confidentialOnly) {
        throw failed('Only confidential clients may use this endpoint');
      }
      return { consumer, method: 'none' };
    }
    const lockedFor = await this.throttle.lockedFor(presented.clientId, request.ip);
    if (lockedFor > 0) {
      throw new Oauth2Error(
        'invalid_client',
        'Too many failed authentications of this client from here; try again later',
        {
          status: 429,
          headers: { 'Retry-After': String(lockedFor) },
        },
      );
    }
    // Unknown clients are compared too (against a placeholder), so that both take the same time (attack case 13).
    const matches = this.secrets.matches(consumer, presented.secret ?? '');
    // A private_key_jwt client has a stored secret too, but registered that it never uses one (RFC 7591 §2).
    const secretAllowed = consumer?.tokenEndpointAuthMethod !== 'private_key_jwt';
    if (!consumer || presented.secret === undefined || !matches || !secretAllowed) {
      await this.throttle.countFailure(consumer?.key, request.ip);
      throw failed('Client authentication failed');
    }
    return { consumer, method: presented.basic ? 'client_secret_basic' : 'client_secret_post' };
  }

  /**
   * RFC 7523 §2.2, §3 (OpenID Connect Core §9): a client registered for `private_key_jwt` with an assertion
   * signed by one of its keys, used once. The `jti` is spent with an atomic set-if-absent until the assertion
   * expires, so a replay fails on every instance sharing the store. Failures count like wrong secrets.
   */
  private async verifyAssertion(
    request: ProtocolRequest,
    presented: { clientId: string; assertion: string },
  ): Promise<AuthenticatedClient> {
    const failed = (description: string) => new Oauth2Error('invalid_client', description);
    if (!this.config.oauth2.privateKeyJwt) {
      throw failed('private_key_jwt client authentication is disabled on this server');
    }
    if (!CLIENT_ID.test(presented.clientId)) {
      throw failed('Client authentication failed');
    }
    const lockedFor = await this.throttle.lockedFor(presented.clientId, request.ip);
    if (lockedFor > 0) {
      throw new Oauth2Error(
        'invalid_client',
        'Too many failed authentications of this client from here; try again later',
        { status: 429, headers: { 'Retry-After': String(lockedFor) } },
      );
    }
    const found = await this.directory.findByKey(presented.clientId);
    const consumer =
      found &&
      found.oauthVersion === 2 &&
      !found.suppressed &&
      found.oauth2IsConfidential &&
      found.tokenEndpointAuthMethod === 'private_key_jwt'
        ? found
        : undefined;
    if (!consumer) {
      await this.throttle.countFailure(found?.key, request.ip);
      throw failed('Client authentication failed: the client is not registered for private_key_jwt');
    }
    const now = Math.floor(Date.now() / 1000);
    try {
      const { jti, exp } = await checkClientAssertion(presented.assertion, {
        clientId: consumer.key,
        audiences: this.audiences,
        keys: this.jwks.keysOf(consumer),
        now,
      });
      const spent = await this.store.add(
        `oauth2:client-assertion:${consumer.key}:${sha256Hex(jti)}`,
        1,
        Math.max(exp - now + ASSERTION_SKEW_SECONDS, 1),
      );
      if (!spent) {
        throw new AssertionRefusal('The client assertion was already used (RFC 7523 §3: jti)');
      }
    } catch (error) {
      if (!(error instanceof AssertionRefusal)) {
        throw error;
      }
      await this.throttle.countFailure(consumer.key, request.ip);
      throw failed(error.message);
    }
    return { consumer, method: 'private_key_jwt' };
  }
}

function readCredentials(request: ProtocolRequest): PresentedCredentials {
  const { query } = request;
  if ([query.client_secret, query.client_id, query.client_assertion].some((value) => value !== undefined)) {
    throw new Oauth2Error('invalid_request', 'Client credentials must not be sent in the query string');
  }
  const bodyId = parameter(request, 'client_id', 'body');
  const bodySecret = parameter(request, 'client_secret', 'body');
  const header = request.header('authorization');
  const assertionType = parameter(request, 'client_assertion_type', 'body');
  const assertion = parameter(request, 'client_assertion', 'body');
  if (assertionType !== undefined || assertion !== undefined) {
    return readAssertion(assertionType, assertion, bodyId, bodySecret !== undefined || header !== undefined);
  }
  if (header === undefined) {
    if (bodyId === undefined) {
      throw new Oauth2Error('invalid_client', 'Client authentication failed: no client_id');
    }
    return { clientId: bodyId, secret: bodySecret, basic: false };
  }
  const basic = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  if (!basic) {
    throw new Oauth2Error('invalid_client', 'Client authentication failed: unsupported Authorization scheme', {
      headers: { 'WWW-Authenticate': 'Basic realm="OAuth"' },
    });
  }
  if (bodySecret !== undefined) {
    throw new Oauth2Error('invalid_request', 'Use one client authentication method, not HTTP Basic and the body');
  }
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const clientId = formDecode(colon < 0 ? decoded : decoded.slice(0, colon));
  const secret = colon < 0 ? undefined : formDecode(decoded.slice(colon + 1));
  if (bodyId !== undefined && bodyId !== clientId) {
    throw new Oauth2Error('invalid_request', 'The client_id in the body differs from the one in HTTP Basic');
  }
  return { clientId, secret: secret === '' ? undefined : secret, basic: true };
}

/**
 * RFC 7521 §4.2: `client_assertion_type` and `client_assertion` together, `client_id` optional but then naming the
 * client the assertion is from; RFC 6749 §2.3: one authentication method per request.
 */
function readAssertion(
  type: string | undefined,
  assertion: string | undefined,
  bodyId: string | undefined,
  otherMethod: boolean,
): PresentedCredentials {
  if (otherMethod) {
    throw new Oauth2Error('invalid_request', 'Use one client authentication method, not an assertion and another');
  }
  if (type === undefined || assertion === undefined) {
    throw new Oauth2Error('invalid_request', 'client_assertion_type and client_assertion go together');
  }
  if (type !== JWT_BEARER_ASSERTION) {
    throw new Oauth2Error('invalid_client', `Unsupported client_assertion_type; use ${JWT_BEARER_ASSERTION}`);
  }
  const clientId = assertionClientId(assertion);
  if (clientId === undefined) {
    throw new Oauth2Error('invalid_client', 'The client assertion must be a JWT whose iss and sub are the client id');
  }
  if (bodyId !== undefined && bodyId !== clientId) {
    throw new Oauth2Error('invalid_client', 'The client_id differs from the client the assertion is from');
  }
  return { clientId, assertion };
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
function formDecode(value: string): string {
  if (!value.includes('%') && !value.includes('+')) {
    return value;
  }
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
