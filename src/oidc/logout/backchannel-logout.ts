import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SESSION_ENDED_EVENT, type SessionEndedEvent } from '../../common/events/session-ended.event';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { isUsableBy } from '../../consumers/consumer-usability';
import { SigningKeys } from '../../oauth2/keys/signing-keys.service';
import type { ChannelMessage } from '../../notifications/outbox-channels';
import { OutboxChannels } from '../../notifications/outbox-channels';
import { type DeliveryOutcome, postDelivery } from '../../notifications/webhook-sender';
import { OidcLoginRepository } from '../logins/oidc-login.repository';
import { type PendingLogout, logoutTokenClaims, pendingLogout } from './logout-token';

export const BACKCHANNEL_CHANNEL = 'oidc-backchannel-logout';
const TIMEOUT_MS = 5000;
/**
 * A receiver down for longer than a day gets no more tries: an app's own sessions rarely outlive that, and the queue
 * must not grow with receivers that are gone.
 */
const GIVE_UP_AFTER_MS = 24 * 3600 * 1000;

/**
 * OpenID Connect Back-Channel Logout 1.0: when a session ends, every app it signed into that registered a
 * `backchannel_logout_uri` gets a logout token (§2.5), through the durable outbox, so a receiver that is down gets it
 * once it is back. The token is signed at each try (`logout+jwt`, §2.4), so it is never stale when it arrives.
 */
@Injectable()
export class BackchannelLogout {
  constructor(
    private readonly logins: OidcLoginRepository,
    private readonly directory: ConsumerDirectory,
    private readonly outbox: OutboxChannels,
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Registers the channel's deliverer with the outbox (from the module's start). */
  start(): void {
    this.outbox.register(BACKCHANNEL_CHANNEL, (message) => this.deliver(message), {
      giveUpAfterMs: GIVE_UP_AFTER_MS,
    });
  }

  @OnEvent(SESSION_ENDED_EVENT, { promisify: true })
  async sessionEnded({ sid, userId }: SessionEndedEvent): Promise<void> {
    const consumerIds = [...new Set((await this.logins.findBySid(sid)).map((login) => login.consumerId))];
    const consumers = await this.directory.findByIds(consumerIds);
    for (const consumer of consumers) {
      // Only to an approved app's receiver, which an admin reviewed: Gatehouse POSTs to it from inside the network,
      // so an unreviewed proposal's URI (its owner may sign in through it) must not make it call anything.
      if (consumer.backchannelLogoutUri && isUsableBy(consumer, undefined)) {
        const pending = pendingLogout(String(userId), consumer.key, sid);
        await this.outbox.enqueue(BACKCHANNEL_CHANNEL, {
          destination: consumer.backchannelLogoutUri,
          event: 'backchannel-logout',
          payload: JSON.stringify(pending),
        });
      }
    }
  }

  /**
   * §2.5: an HTTP POST of `logout_token` as a form; §2.8: 200 (or 204, which receivers use for an empty answer) means
   * done. Redirects are not followed: the token goes to the registered URI or nowhere.
   */
  private deliver(message: ChannelMessage): Promise<DeliveryOutcome> {
    const pending = JSON.parse(message.payload) as PendingLogout;
    const claims = logoutTokenClaims(pending, this.config.http.publicUrl, Math.floor(Date.now() / 1000));
    const token = this.keys.sign(claims, 'logout+jwt');
    return postDelivery(
      message.destination,
      {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Cache-Control': 'no-cache' },
        body: new URLSearchParams({ logout_token: token }).toString(),
      },
      TIMEOUT_MS,
      (status) => status === 200 || status === 204,
    );
  }
}
