import { Injectable } from '@nestjs/common';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { ConsumerSecrets } from '../../consumers/consumer-secrets';
import { checkConsumerAccess } from '../../consumers/checks/check-consumer-access';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthThrottle } from './client-auth-throttle';
import { parameter } from './protocol-parameters';
import type { ProtocolRequest } from './protocol-request';

/** Our client ids (DESIGN §6); anything else is refused before it is looked up, counted or used as a key. */
const CLIENT_ID = /^[0-9a-f]{32}$/;

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

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

interface PresentedCredentials {
  clientId: string;
  secret: string | undefined;
  basic: boolean;
}

/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3, attack case 13):
 * HTTP Basic or the form body, never both and never the query string; confidential clients prove their derived
 * secret in constant time, public clients send only their id. Repeated failures lock the (client, source) pair,
 * never a public client, which has no secret to guess. An authenticated client must then be one that may
 * authenticate here: its stage, owner rule and IP restrictions, as at every door.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly directory: ConsumerDirectory,
    private readonly secrets: ConsumerSecrets,
    private readonly throttle: ClientAuthThrottle,
  ) {}

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
    const challenge = presented.basic ? { 'WWW-Authenticate': 'Basic realm="OAuth"' } : undefined;
    const failed = (description: string) => new Oauth2Error('invalid_client', description, { headers: challenge });
    if (!CLIENT_ID.test(presented.clientId)) {
      throw failed('Client authentication failed');
    }
    const found = await this.directory.findByKey(presented.clientId);
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
    if (!consumer || presented.secret === undefined || !matches) {
      await this.throttle.countFailure(consumer?.key, request.ip);
      throw failed('Client authentication failed');
    }
    return { consumer, method: presented.basic ? 'client_secret_basic' : 'client_secret_post' };
  }
}

function readCredentials(request: ProtocolRequest): PresentedCredentials {
  if (request.query.client_secret !== undefined || request.query.client_id !== undefined) {
    throw new Oauth2Error('invalid_request', 'Client credentials must not be sent in the query string');
  }
  const bodyId = parameter(request, 'client_id', 'body');
  const bodySecret = parameter(request, 'client_secret', 'body');
  const header = request.header('authorization');
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

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
