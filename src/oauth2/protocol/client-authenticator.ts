import { Injectable, Logger } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { ConsumerSecrets } from '../../consumers/consumer-secrets';
import { Oauth2Error } from '../oauth2-error';
import { parameter } from './protocol-parameters';
import type { ProtocolRequest } from './protocol-request';

const CLIENT_ID = /^[0-9a-f]{32}$/;
/** Compared against when the client is unknown, so unknown and known clients take the same time (attack 13). */
const DUMMY_STORED_SECRET = '00000000000000000000000000000000';
/** RFC 6749 §2.3.1 brute-force protection: this many failures within the window lock the client for the window. */
const MAX_FAILURES = 20;
const FAILURE_WINDOW_SECONDS = 300;

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface AuthenticatedClient {
  consumer: Consumer;
  method: ClientAuthMethod;
}

interface PresentedCredentials {
  clientId: string;
  secret: string | undefined;
  basic: boolean;
}

/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3, attack case 13):
 * HTTP Basic or the form body, never both and never the query string; confidential clients prove their derived
 * secret in constant time, public clients send only their id. Repeated failures lock the client for a while.
 */
@Injectable()
export class ClientAuthenticator {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly directory: ConsumerDirectory,
    private readonly secrets: ConsumerSecrets,
    private readonly store: TemporaryStore,
  ) {}

  async authenticate(
    request: ProtocolRequest,
    options: { confidentialOnly?: boolean } = {},
  ): Promise<AuthenticatedClient> {
    const presented = readCredentials(request);
    const challenge = presented.basic ? { 'WWW-Authenticate': 'Basic realm="OAuth"' } : undefined;
    const failed = (description: string) => new Oauth2Error('invalid_client', description, { headers: challenge });
    if (await this.store.get(lockKey(presented.clientId))) {
      throw new Oauth2Error('invalid_client', 'Too many failed authentications of this client; try again later', {
        status: 429,
        headers: { 'Retry-After': String(FAILURE_WINDOW_SECONDS) },
      });
    }
    const found = CLIENT_ID.test(presented.clientId) ? await this.directory.findByKey(presented.clientId) : undefined;
    const consumer = found && found.oauthVersion === 2 && !found.suppressed ? found : undefined;
    if (!consumer?.oauth2IsConfidential) {
      this.secrets.matches(DUMMY_STORED_SECRET, presented.secret ?? '');
      if (!consumer || presented.secret !== undefined) {
        await this.countFailure(presented.clientId);
        throw failed('Client authentication failed');
      }
      if (options.confidentialOnly) {
        throw failed('Only confidential clients may use this endpoint');
      }
      return { consumer, method: 'none' };
    }
    if (presented.secret === undefined || !this.secrets.matches(consumer.secretKey, presented.secret)) {
      await this.countFailure(presented.clientId);
      throw failed('Client authentication failed');
    }
    return { consumer, method: presented.basic ? 'client_secret_basic' : 'client_secret_post' };
  }

  private async countFailure(clientId: string): Promise<void> {
    const failures = await this.store.increment(`oauth2:client-failures:${clientId}`, FAILURE_WINDOW_SECONDS);
    if (failures === MAX_FAILURES) {
      await this.store.set(lockKey(clientId), true, FAILURE_WINDOW_SECONDS);
      this.audit.warn({ action: 'client-locked', clientId }, 'client locked after repeated failed authentications');
    }
  }
}

function lockKey(clientId: string): string {
  return `oauth2:client-locked:${clientId}`;
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
