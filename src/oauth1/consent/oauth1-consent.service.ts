import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { Right } from '../../common/auth/rights';
import { randomHex } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { isUsableBy } from '../../consumers/consumer-usability';
import { AcceptanceService } from '../../grants/acceptance.service';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { IdentityService } from '../../identity/identity.service';
import { OAUTH1_ERRORS } from '../mediawiki-errors';
import { Oauth1Refusal } from '../oauth1-refusal';
import { type RequestToken, RequestTokenStore } from '../request-token.store';
import type { ConsentView } from '../../common/html/consent-page';

export interface ConsentRequest {
  requestToken: string;
  consumerKey?: string;
}

/** What the page should do: show the dialog, or send the browser on at once. */
export type ConsentStep = { show: ConsentView } | { redirect: string };

/** The user-facing steps of OAuth 1.0a: /authorize and /authenticate, the dialog and its answer (reference §4.6). */
@Injectable()
export class Oauth1ConsentService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly requestTokens: RequestTokenStore,
    private readonly directory: ConsumerDirectory,
    private readonly acceptances: AcceptanceService,
    private readonly grants: GrantCatalogue,
    private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `/authenticate` skips the dialog for an identical, identity-only authorization the user already gave. */
  async open(auth: AuthContext, request: ConsentRequest, authenticate: boolean): Promise<ConsentStep> {
    const { token, consumer } = await this.load(auth, request);
    if (authenticate && (await this.alreadyAuthenticated(auth, consumer))) {
      return { redirect: await this.allow(auth, token, consumer) };
    }
    await this.requestTokens.showConsent(token, auth.session?.id ?? '');
    const owner = (await this.identity.namesOf([consumer.ownerId])).get(consumer.ownerId) ?? '';
    return {
      show: {
        consumer: {
          name: consumer.name,
          version: consumer.version,
          description: consumer.description,
          owner,
        },
        grants: consumer.grants.map((name) => ({ name, description: this.grants.get(name)?.description ?? name })),
        allWikis: consumer.wiki === '*',
        hidden: { requestToken: token.key, consumerKey: consumer.key },
        csrfToken: auth.session?.csrfToken ?? '',
        userName: auth.userName,
      },
    };
  }

  /**
   * The user's answer: `allow` authorizes and sends the browser to the callback with a verifier. Only the session
   * that was shown the dialog may answer it (the caller checked its CSRF token), so a request token sent to some
   * other session is refused before anything is spent (RFC 5849 §4.13).
   */
  async decide(
    auth: AuthContext,
    request: ConsentRequest,
    decision: 'allow' | 'cancel',
  ): Promise<ConsentStep | { cancelled: string }> {
    if (!auth.session || !(await this.requestTokens.consentShown(request.requestToken, auth.session.id))) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.sessionFailure());
    }
    const { token, consumer } = await this.load(auth, request);
    if (decision === 'cancel') {
      return { cancelled: consumer.name };
    }
    return { redirect: await this.allow(auth, token, consumer) };
  }

  private async load(auth: AuthContext, request: ConsentRequest): Promise<{ token: RequestToken; consumer: Consumer }> {
    if (this.config.oauth.readOnly) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.readOnly());
    }
    const user = await this.identity.findProfile(auth.userId);
    if (!user || user.locked || user.blocked) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.insufficientRights());
    }
    const token = await this.requestTokens.find(request.requestToken);
    if (token === 'used') {
      throw new Oauth1Refusal(OAUTH1_ERRORS.tokenUsed());
    }
    if (!token || (request.consumerKey !== undefined && request.consumerKey !== token.consumerKey)) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.requestTokenNotFound());
    }
    const consumer = await this.directory.findByKey(token.consumerKey);
    if (!consumer || consumer.suppressed) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.unknownKey());
    }
    if (consumer.oauthVersion !== 1) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.wrongVersion());
    }
    if (consumer.ownerOnly) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.ownerOnly(consumer.name, consumer.key));
    }
    if (!isUsableBy(consumer, auth.userId)) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.notApproved(consumer.name));
    }
    return { token, consumer };
  }

  private async alreadyAuthenticated(auth: AuthContext, consumer: Consumer): Promise<boolean> {
    const existing = await this.acceptances.find(auth.userId, consumer.id, consumer.wiki);
    return (
      existing !== undefined && sameSet(existing.grants, consumer.grants) && this.grants.isAuthOnly(consumer.grants)
    );
  }

  /** Authorizes with every grant of the consumer (OAuth 1 has no partial consent), keeping the access token. */
  private async allow(auth: AuthContext, token: RequestToken, consumer: Consumer): Promise<string> {
    if (!auth.rights.has(Right.ManageMyGrants)) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.insufficientRights());
    }
    if (!(await this.requestTokens.claimAuthorization(token))) {
      throw new Oauth1Refusal(OAUTH1_ERRORS.tokenUsed());
    }
    const acceptance = await this.acceptances.grant({
      userId: auth.userId,
      consumerId: consumer.id,
      wiki: consumer.wiki,
      grants: consumer.grants,
      oauthVersion: 1,
    });
    const verifier = randomHex(16);
    await this.requestTokens.authorize(token, verifier, acceptance.accessToken);
    this.audit.log(
      { actorId: auth.userId, action: 'accept', consumer: consumer.key, acceptanceId: acceptance.id },
      'authorization granted',
    );
    // Appended to the query (reference §4.6) of the callback /initiate checked: serialized, with no fragment.
    const callback = token.callback === 'oob' ? consumer.callbackUrl : token.callback;
    const separator = callback.includes('?') ? (/[?&]$/.test(callback) ? '' : '&') : '?';
    return `${callback}${separator}oauth_verifier=${verifier}&oauth_token=${token.key}`;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
