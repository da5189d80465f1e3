import { Inject, Injectable, Logger } from '@nestjs/common';
import { SignJWT } from 'jose';
import type { AppRequest } from '../common/http/app-request';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { callbackUnderPrefix } from '../consumers/callbacks/callback-match';
import { isUsableCallback } from '../consumers/callbacks/callback-url';
import type { Consumer } from '../consumers/consumer';
import { ConsumerDirectory } from '../consumers/consumer-directory';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { IdentityService } from '../identity/identity.service';
import { assertConsumerAccess } from './consumer-access';
import { identifyClaims } from './identify/identify-claims';
import { type MediaWikiOauthError, OAUTH1_ERRORS } from './mediawiki-errors';
import { Oauth1Refusal } from './oauth1-refusal';
import { Oauth1RequestVerifier } from './oauth1-request-verifier.service';
import { RequestTokenStore } from './request-token.store';
import { constantTimeEquals } from '../common/crypto/crypto';

/** The machine-to-machine steps of the OAuth 1.0a handshake: /initiate, /token and /identify (reference §4.5–4.8). */
@Injectable()
export class Oauth1HandshakeService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly verifier: Oauth1RequestVerifier,
    private readonly requestTokens: RequestTokenStore,
    private readonly secrets: ConsumerSecrets,
    private readonly identity: IdentityService,
    private readonly directory: ConsumerDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Temporary credentials; the callback must be `oob`, or for prefix consumers fall under the prefix. The token
   * keeps the serialized callback that was checked, which is where the browser is sent.
   */
  async initiate(request: AppRequest): Promise<Record<string, string>> {
    this.assertWritable();
    const { consumer, protocol } = await this.verifier.verify(request, 'none', refuseOwnerOnly);
    const callback = acceptedCallback(consumer, protocol.callback ?? '');
    if (callback === undefined) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.badCallback(consumer.callbackIsPrefix));
    }
    const token = await this.requestTokens.issue(consumer.key, callback);
    return { oauth_token: token.key, oauth_token_secret: token.secret, oauth_callback_confirmed: 'true' };
  }

  /** Exchanges an authorized request token and its verifier for the (stable) access token, once. */
  async token(request: AppRequest): Promise<Record<string, string>> {
    this.assertWritable();
    const { consumer, protocol, requestToken } = await this.verifier.verify(request, 'request', refuseOwnerOnly);
    const authorization = requestToken?.authorization;
    if (!requestToken || !authorization) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.noToken());
    }
    if (!protocol.verifier || !constantTimeEquals(protocol.verifier, authorization.verifier)) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.badVerifier());
    }
    // The user who authorized the token is now known: the consumer must be one that may act for them, checked
    // before the request token is spent.
    const acceptance = await this.verifier.acceptanceForToken(authorization.accessToken, consumer);
    assertConsumerAccess(consumer, { userId: acceptance.userId }, request.ip);
    const redemption = await this.requestTokens.redeem(requestToken.key);
    if ('refusal' in redemption) {
      throw new Oauth1Refusal(
        redemption.refusal === 'used' ? OAUTH1_ERRORS.tokenUsed() : OAUTH1_ERRORS.requestTokenNotFound(),
      );
    }
    this.audit.log(
      { consumer: consumer.key, userId: acceptance.userId, action: 'oauth1-access-token' },
      'OAuth 1 access token returned',
    );
    return {
      oauth_token: acceptance.accessToken,
      oauth_token_secret:
        protocol.signatureMethod === 'RSA-SHA1' ? '__unused__' : this.secrets.derive(acceptance.accessSecretStored),
      oauth_callback_confirmed: 'true',
    };
  }

  /** MediaWiki's identity JWT: HS256 with the consumer's derived secret, `iss` = PUBLIC_URL, 100 s life. */
  async identify(request: AppRequest): Promise<string> {
    const { consumer, protocol, acceptance } = await this.verifier.verify(request, 'access');
    if (!acceptance) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.accessTokenNotFound());
    }
    const user = await this.identity.findProfile(acceptance.userId);
    if (!user || user.locked || user.blocked) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.insufficientRights());
    }
    if (acceptance.wiki !== '*' && acceptance.wiki !== this.config.oauth.siteId) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.accessTokenNotFound());
    }
    assertConsumerAccess(consumer, { userId: user.id }, request.ip);
    const claims = identifyClaims({
      issuer: this.config.http.publicUrl,
      consumerKey: consumer.key,
      nonce: protocol.nonce,
      user,
      grants: acceptance.grants,
      now: new Date(),
    });
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(this.secrets.derive(consumer.secretKey as string)));
  }

  /** E002 "Unknown URL", or E003 naming whom to contact when the request names a consumer the caller may see. */
  async unknownUrl(consumerKey: string | undefined): Promise<MediaWikiOauthError> {
    const consumer = consumerKey ? await this.directory.findByKey(consumerKey) : undefined;
    if (!consumer || consumer.suppressed) {
      return OAUTH1_ERRORS.unknownUrl();
    }
    const owner = (await this.identity.namesOf([consumer.ownerId])).get(consumer.ownerId) ?? '';
    return OAUTH1_ERRORS.unknownUrlContact(consumer.name, owner);
  }

  private assertWritable(): void {
    if (this.config.oauth.readOnly) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.readOnly());
    }
  }
}

/** `oob`, or the supplied callback as the browser will read it; undefined when the consumer may not use it. */
function acceptedCallback(consumer: Consumer, supplied: string): string | undefined {
  if (supplied === 'oob') {
    // `oob` sends the user to the registered callback, which a row stored before today's rules may not pass.
    return isUsableCallback(consumer.callbackUrl) ? supplied : undefined;
  }
  return consumer.callbackIsPrefix ? callbackUnderPrefix(consumer.callbackUrl, supplied) : undefined;
}

/** Owner-only consumers hold their token from registration; the three-legged steps refuse them (E010). */
function refuseOwnerOnly(consumer: Consumer): void {
  if (consumer.ownerOnly) {
    throw new Oauth1Refusal(OAUTH1_ERRORS.ownerOnly(consumer.name, consumer.key));
  }
}
