import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../cache/temporary-store';
import { randomHex } from '../common/crypto/crypto';
import type { AppRequest } from '../common/http/app-request';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Consumer } from '../consumers/consumer';
import { ConsumerDirectory } from '../consumers/consumer-directory';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import type { Acceptance } from '../grants/acceptance';
import { AcceptanceService } from '../grants/acceptance.service';
import { assertConsumerAccess } from './consumer-access';
import { OAUTH1_ERRORS } from './mediawiki-errors';
import { Oauth1Refusal } from './oauth1-refusal';
import type { RequestToken } from './request-token.store';
import { RequestTokenStore } from './request-token.store';
import { signatureBaseString } from './signature/base-string';
import { checkTimestamp } from './signature/check-timestamp';
import { type ProtocolParameters, collectParameters } from './signature/collect-parameters';
import { nonceKey, nonceTtlSeconds } from './signature/nonce-key';
import { NonceUsedError, OAuth1Error } from './signature/oauth1-errors';
import { DEFAULT_SIGNATURE_METHODS, type SignatureMethodName, verifySignature } from './signature/signature-methods';

/** PLAINTEXT sends the secrets themselves: only when the operator allows it, and only over TLS. */
const WITH_PLAINTEXT: readonly SignatureMethodName[] = [...DEFAULT_SIGNATURE_METHODS, 'PLAINTEXT'];

export type TokenKind = 'none' | 'request' | 'access';

/** A signed request as the verifier needs it, whichever front door (the API, a gateway) it came through. */
export interface SignedRequest {
  method: string;
  /** Scheme, host and path the client signed, without the query (RFC 5849 §3.4.1.2). */
  baseUrl: string;
  query: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string | undefined;
  clientIp: string;
  secure: boolean;
}

/** Where the verifier finds consumers and access tokens; the gateway passes cached ones. */
export interface CredentialLookups {
  consumer(key: string): Promise<Consumer | undefined>;
  acceptance(accessToken: string): Promise<Acceptance | undefined>;
}

export interface VerifiedRequest {
  consumer: Consumer;
  protocol: ProtocolParameters;
  requestToken?: RequestToken;
  acceptance?: Acceptance;
}

/**
 * Checks an OAuth 1.0a signed request in MediaWiki's order (reference §4.4–4.7): parameters and version, the
 * consumer, its secret, whether it may be used here (its stage, its IP restriction), then timestamp, nonce
 * (atomic, so a replay fails also when both copies arrive at once or at two instances) and signature. The signed
 * URL is rebuilt from PUBLIC_URL, never from the Host header the client sent.
 */
@Injectable()
export class Oauth1RequestVerifier {
  /** Unknown consumer keys are checked against this, so they cost the same time as known ones. */
  private readonly decoySecret = randomHex(20);

  constructor(
    private readonly directory: ConsumerDirectory,
    private readonly secrets: ConsumerSecrets,
    private readonly acceptances: AcceptanceService,
    private readonly requestTokens: RequestTokenStore,
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether the request carries OAuth 1 credentials at all (an `Authorization: OAuth` header or query). */
  hasOauthParameters(request: AppRequest): boolean {
    return (
      /^\s*OAuth\s/i.test(request.header('authorization') ?? '') || typeof request.query.oauth_consumer_key === 'string'
    );
  }

  async verify(
    request: AppRequest,
    tokenKind: TokenKind,
    check?: (consumer: Consumer) => void,
  ): Promise<VerifiedRequest> {
    const signed: SignedRequest = {
      method: request.method,
      baseUrl: this.config.http.publicUrl + request.path,
      query: request.originalUrl.includes('?') ? request.originalUrl.slice(request.originalUrl.indexOf('?') + 1) : '',
      authorization: request.header('authorization'),
      contentType: request.header('content-type'),
      body: (request as AppRequest & { rawBody?: Buffer }).rawBody?.toString('utf8'),
      clientIp: request.ip ?? '',
      secure: request.protocol === 'https',
    };
    return this.verifySigned(signed, tokenKind, { check });
  }

  /** The same checks for a request described by its parts (the gateway rebuilds them from forwarded headers). */
  async verifySigned(
    signed: SignedRequest,
    tokenKind: TokenKind,
    options: { check?: (consumer: Consumer) => void; lookups?: CredentialLookups } = {},
  ): Promise<VerifiedRequest> {
    try {
      return await this.verifyOrThrow(signed, tokenKind, options.check, options.lookups ?? this.databaseLookups);
    } catch (error) {
      if (error instanceof OAuth1Error) {
        throw new Oauth1Refusal(OAUTH1_ERRORS.protocol(error.message, error.status));
      }
      throw error;
    }
  }

  private readonly databaseLookups: CredentialLookups = {
    consumer: (key) => this.directory.findByKey(key),
    acceptance: (accessToken) => this.acceptances.findByAccessToken(accessToken),
  };

  private async verifyOrThrow(
    signed: SignedRequest,
    tokenKind: TokenKind,
    check: ((consumer: Consumer) => void) | undefined,
    lookups: CredentialLookups,
  ): Promise<VerifiedRequest> {
    const collected = collectParameters({
      authorization: signed.authorization,
      query: signed.query,
      contentType: signed.contentType,
      body: signed.body,
    });
    const { protocol } = collected;
    const consumer = await lookups.consumer(protocol.consumerKey);
    const baseString = signatureBaseString({
      method: signed.method,
      url: signed.baseUrl,
      parameters: collected.parameters,
    });
    if (!consumer || consumer.oauthVersion !== 1) {
      await this.spendLikeAKnownConsumer(protocol, tokenKind);
      verifySignatureQuietly(protocol, baseString, this.decoySecret);
      throw new Oauth1Refusal(OAUTH1_ERRORS.protocol('Invalid consumer', 401));
    }
    check?.(consumer);
    if (!consumer.secretKey && !consumer.rsaKey) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.noSecret());
    }
    // Whom the request acts for is known only from its token, read next; the caller checks again for that user.
    assertConsumerAccess(consumer, 'someone', signed.clientIp);
    const { tokenSecret, requestToken, acceptance } = await this.tokenSecret(tokenKind, protocol, consumer, lookups);
    const now = Date.now() / 1000;
    const timestamp = checkTimestamp(protocol.timestamp, now);
    verifySignature({
      method: protocol.signatureMethod,
      baseString,
      signature: protocol.signature,
      keys: {
        consumerSecret: consumer.secretKey ? this.secrets.secretOf(consumer) : undefined,
        tokenSecret,
        rsaPublicKey: consumer.rsaKey ?? undefined,
      },
      allowed: this.config.oauth.allowPlaintext && signed.secure ? WITH_PLAINTEXT : DEFAULT_SIGNATURE_METHODS,
    });
    // The nonce is spent only by a request whose signature verifies: a forged copy (a bad signature under a nonce it
    // saw) must not use up the nonce and get the genuine request refused as a replay.
    if (
      !(await this.store.add(
        nonceKey(consumer.key, protocol.token, protocol.nonce),
        true,
        nonceTtlSeconds(timestamp, now),
      ))
    ) {
      throw new NonceUsedError(protocol.nonce);
    }
    return { consumer, protocol, requestToken, acceptance };
  }

  /**
   * The lookups a known consumer's request costs (token, nonce), done for an unknown key too so that its answer
   * takes as long and the timing does not tell which keys exist.
   */
  private async spendLikeAKnownConsumer(protocol: ProtocolParameters, tokenKind: TokenKind): Promise<void> {
    if (protocol.token && tokenKind === 'access') {
      await this.acceptances.findByAccessToken(protocol.token);
    } else if (protocol.token && tokenKind === 'request') {
      await this.requestTokens.find(protocol.token);
    }
    await this.store.add(nonceKey(this.decoySecret, protocol.token, protocol.nonce), true, 1);
  }

  /** The acceptance an authorized request token points at, which must belong to the same consumer. */
  async acceptanceForToken(
    accessToken: string,
    consumer: Consumer,
    lookups: CredentialLookups = this.databaseLookups,
  ): Promise<Acceptance> {
    const acceptance = await lookups.acceptance(accessToken);
    if (!acceptance || acceptance.consumerId !== consumer.id) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.accessTokenNotFound());
    }
    return acceptance;
  }

  private async tokenSecret(
    kind: TokenKind,
    protocol: ProtocolParameters,
    consumer: Consumer,
    lookups: CredentialLookups,
  ): Promise<{ tokenSecret?: string; requestToken?: RequestToken; acceptance?: Acceptance }> {
    if (kind === 'none') {
      return {};
    }
    if (!protocol.token) {
      throw new Oauth1Refusal(
        kind === 'request' ? OAUTH1_ERRORS.requestTokenNotFound() : OAUTH1_ERRORS.accessTokenNotFound(),
      );
    }
    if (kind === 'request') {
      const found = await this.requestTokens.find(protocol.token);
      if (found === 'used') {
        throw new Oauth1Refusal(OAUTH1_ERRORS.tokenUsed());
      }
      if (!found || found.consumerKey !== consumer.key) {
        throw new Oauth1Refusal(OAUTH1_ERRORS.requestTokenNotFound());
      }
      return { tokenSecret: found.secret, requestToken: found };
    }
    const acceptance = await this.acceptanceForToken(protocol.token, consumer, lookups);
    return { tokenSecret: this.secrets.derive(acceptance.accessSecretStored), acceptance };
  }
}

function verifySignatureQuietly(protocol: ProtocolParameters, baseString: string, secret: string): void {
  try {
    verifySignature({
      method: 'HMAC-SHA1',
      baseString,
      signature: protocol.signature,
      keys: { consumerSecret: secret },
    });
  } catch {
    // the answer is "Invalid consumer" whatever happened here
  }
}
