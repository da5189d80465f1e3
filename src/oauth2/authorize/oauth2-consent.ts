import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { Right } from '../../common/auth/rights';
import type { ConsentView } from '../../common/html/consent-page';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { isUsableBy } from '../../consumers/consumer-usability';
import type { Acceptance } from '../../grants/acceptance';
import { AcceptanceService } from '../../grants/acceptance.service';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { IdentityService } from '../../identity/identity.service';
import { DynamicClients } from '../dynamic-registration/dynamic-clients';
import { Oauth2Error } from '../oauth2-error';

/**
 * The consent of an OAuth 2 authorization, whichever way it arrives (the code flow's redirect, the device flow's
 * typed code): who may give it, the page that asks for it, and recording (and auditing) the answer "allow".
 */
@Injectable()
export class Oauth2Consent {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly acceptances: AcceptanceService,
    private readonly catalogue: GrantCatalogue,
    private readonly identity: IdentityService,
    private readonly dynamicClients: DynamicClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The person may authorize apps, and this one (a proposed client only for its owner). */
  async checkUser(consumer: Consumer, auth: AuthContext): Promise<void> {
    if (this.config.oauth.readOnly) {
      throw new Oauth2Error('temporarily_unavailable', 'The authorization server is read-only for maintenance');
    }
    const user = await this.identity.findProfile(auth.userId);
    if (!user || user.blocked || user.locked || !auth.rights.has(Right.ManageMyGrants)) {
      throw new Oauth2Error('access_denied', 'This account may not authorize apps');
    }
    if (!isUsableBy(consumer, auth.userId)) {
      throw new Oauth2Error('access_denied', `Client ${consumer.key} is not usable by this user`);
    }
  }

  /** The consent page's content; `hidden` is the request state its form carries back. */
  async view(
    consumer: Consumer,
    scopes: string[],
    auth: AuthContext,
    hidden: Record<string, string>,
    resource?: string,
  ): Promise<ConsentView> {
    const owner = (await this.identity.namesOf([consumer.ownerId])).get(consumer.ownerId) ?? '';
    return {
      unreviewed: (await this.dynamicClients.originOf(consumer)) === 'open',
      consumer: { name: consumer.name, version: consumer.version, description: consumer.description, owner },
      grants: scopes.map((name) => ({ name, description: this.catalogue.get(name)?.description ?? name })),
      allWikis: consumer.wiki === '*',
      ...(resource === undefined ? {} : { resource: this.resourceView(resource) }),
      hidden,
      csrfToken: auth.session?.csrfToken ?? '',
      userName: auth.userName,
    };
  }

  /** A resource Gatehouse fronts goes by its configured name; any other by its URL (RFC 8707 §2). */
  private resourceView(url: string): { name: string; url: string } {
    const known = this.config.oauth2.protectedResources.find((entry) => entry.resource === url);
    return { name: known?.name ?? url, url };
  }

  /**
   * Records the authorization (the requested scopes plus the implicit grants the client holds, replacing an
   * earlier one as MediaWiki does), audited as an acceptance.
   */
  async accept(consumer: Consumer, scopes: string[], auth: AuthContext, resource?: string): Promise<Acceptance> {
    const implicit = [...this.catalogue.hiddenGrants(), ...this.catalogue.authOnlyGrants];
    const grants = consumer.grants.filter((grant) => scopes.includes(grant) || implicit.includes(grant));
    const acceptance = await this.acceptances.grant({
      userId: auth.userId,
      consumerId: consumer.id,
      wiki: consumer.wiki,
      grants,
      oauthVersion: 2,
    });
    this.audit.log(
      { actorId: auth.userId, action: 'accept', consumer: consumer.key, acceptanceId: acceptance.id, resource },
      'authorization granted',
    );
    return acceptance;
  }
}
