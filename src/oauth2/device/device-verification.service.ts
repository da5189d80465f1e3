import { Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import type { AuthContext } from '../../common/auth/auth-context';
import { sessionBoundKey } from '../../common/auth/session-bound-key';
import { randomHex } from '../../common/crypto/crypto';
import type { ConsentView } from '../../common/html/consent-page';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { Oauth2Consent } from '../authorize/oauth2-consent';
import { Oauth2Extensions } from '../extensions/oauth2-extensions';
import { Oauth2Error } from '../oauth2-error';
import { type DeviceAuthorization, DeviceAuthorizationStore } from './device-authorization.store';
import { UserCodeThrottle } from './user-code-throttle';
import { normalizeUserCode } from './user-code';

const PENDING_ID = /^[0-9a-f]{32}$/;

/** A person signed in with a cookie session, as on the `/device` page. */
export type VerifyingPerson = AuthContext & Required<Pick<AuthContext, 'session'>>;

/**
 * What the verification page shows next: the code form again (with why), the consent page, the end ("go back to
 * your device"), a wait (seconds) after too many wrong codes, or a refusal.
 */
export type DeviceStep =
  | { enterCode: { typed: string; problem: 'unknown' | 'used' } }
  | { consent: ConsentView }
  | { done: 'allowed' | 'denied'; app: string }
  | { retryAfter: number }
  | { refused: Oauth2Error };

/**
 * The person's side of the device flow (RFC 8628 §3.3): a typed user code is looked up (wrong ones count against
 * the guessing throttle, §5.1), the client's consent page is shown as in the code flow, and the answer spends the
 * user code atomically, so of two answers to one code exactly one counts. "Allow" records the authorization as the
 * code flow does; either answer is left for the device's next poll.
 */
@Injectable()
export class DeviceVerificationService {
  constructor(
    private readonly devices: DeviceAuthorizationStore,
    private readonly throttle: UserCodeThrottle,
    private readonly directory: ConsumerDirectory,
    private readonly consent: Oauth2Consent,
    private readonly extensions: Oauth2Extensions,
    private readonly store: TemporaryStore,
  ) {}

  async lookUp(typed: string, person: VerifyingPerson, address: string | undefined): Promise<DeviceStep> {
    const wait = await this.throttle.lockedFor(person.session.id, address);
    if (wait > 0) {
      return { retryAfter: wait };
    }
    const userCode = normalizeUserCode(typed);
    const found = userCode === undefined ? undefined : await this.devices.findByUserCode(userCode);
    if (userCode === undefined || !found) {
      await this.throttle.countFailure(person.session.id, address);
      const used = userCode !== undefined && (await this.devices.wasUsed(userCode));
      return { enterCode: { typed, problem: used ? 'used' : 'unknown' } };
    }
    const consumer = await this.usableClient(found.authorization);
    if (!consumer) {
      return { refused: unknownClient() };
    }
    try {
      await this.consent.checkUser(consumer, person);
    } catch (error) {
      return refusal(error);
    }
    const pendingId = randomHex(16);
    const ttl = Math.max(1, Math.ceil((found.authorization.expiresAt - Date.now()) / 1000));
    await this.store.set(pendingKey(person.session.id, pendingId), userCode, ttl);
    return { consent: await this.consent.view(consumer, found.authorization.scopes, person, { request: pendingId }) };
  }

  /**
   * The consent page's answer, from the session it was shown to (the page checked the CSRF token). The user code is
   * spent first, whatever the answer; one already spent (by another tab, another person, another instance) changes
   * nothing.
   */
  async decide(pendingId: string, person: VerifyingPerson, decision: 'allow' | 'cancel'): Promise<DeviceStep> {
    const userCode = PENDING_ID.test(pendingId)
      ? await this.store.take<string>(pendingKey(person.session.id, pendingId))
      : undefined;
    const claimed = userCode === undefined ? undefined : await this.devices.claim(userCode);
    if (userCode === undefined || !claimed) {
      return { enterCode: { typed: userCode ?? '', problem: 'used' } };
    }
    const { id, authorization } = claimed;
    const consumer = await this.usableClient(authorization);
    if (!consumer) {
      await this.devices.decide(id, authorization, { approved: false });
      return { refused: unknownClient() };
    }
    if (decision === 'cancel') {
      await this.devices.decide(id, authorization, { approved: false });
      return { done: 'denied', app: consumer.name };
    }
    try {
      await this.consent.checkUser(consumer, person);
    } catch (error) {
      await this.devices.decide(id, authorization, { approved: false });
      return refusal(error);
    }
    const acceptance = await this.consent.accept(consumer, authorization.scopes, person);
    await this.devices.decide(id, authorization, {
      approved: true,
      userId: person.userId,
      acceptanceId: acceptance.id,
      scopes: authorization.scopes,
      carried: this.extensions.deviceAuthorization(authorization.scopes, person),
    });
    return { done: 'allowed', app: consumer.name };
  }

  /** The client of a live request; one suppressed (or deleted) since is refused like an unknown client. */
  private async usableClient(authorization: DeviceAuthorization): Promise<Consumer | undefined> {
    const consumer = await this.directory.findByKey(authorization.clientKey);
    return consumer && !consumer.suppressed ? consumer : undefined;
  }
}

function unknownClient(): Oauth2Error {
  return new Oauth2Error('invalid_client', 'The app that asked for this code is no longer known here');
}

function refusal(error: unknown): DeviceStep {
  if (error instanceof Oauth2Error) {
    return { refused: error };
  }
  throw error;
}

function pendingKey(sessionId: string, id: string): string {
  return sessionBoundKey('oauth2:device', sessionId, id);
}
