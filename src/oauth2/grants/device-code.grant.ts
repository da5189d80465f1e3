import { Injectable } from '@nestjs/common';
import { DeviceAuthorizationStore } from '../device/device-authorization.store';
import { Oauth2Error } from '../oauth2-error';
import { parameter } from '../protocol/protocol-parameters';
import type { ProtocolRequest } from '../protocol/protocol-request';
import { CurrentAuthorization } from './current-authorization';
import type { TokenClient, TokenGrant, TokenResponse } from './token-grant';
import { TokenPairService } from './token-pair.service';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * `urn:ietf:params:oauth:grant-type:device_code` (RFC 8628 §3.4, §3.5): the device polls until the person answers
 * on the verification page. Until then it is told `authorization_pending`, or `slow_down` when it polls within its
 * interval (kept per device code, §3.5); then once `access_denied`, or tokens as from an authorization code, the
 * answer being spent atomically so two polls never both get them. Past `expires_in`, `expired_token`.
 */
@Injectable()
export class DeviceCodeGrant implements TokenGrant {
  readonly type = DEVICE_CODE_GRANT;

  constructor(
    private readonly devices: DeviceAuthorizationStore,
    private readonly authorization: CurrentAuthorization,
    private readonly tokens: TokenPairService,
  ) {}

  async exchange(request: ProtocolRequest, { consumer, senderKey }: TokenClient): Promise<TokenResponse> {
    const deviceCode = parameter(request, 'device_code', 'body');
    if (deviceCode === undefined) {
      throw new Oauth2Error('invalid_request', 'The device_code parameter is required');
    }
    // RFC 8707 §2: the device flow takes no resource yet (its authorization request has none to bind); saying so
    // beats a token silently issued for another audience than the one asked for.
    if (parameter(request, 'resource', 'body') !== undefined) {
      throw new Oauth2Error('invalid_target', 'Resource indicators are not supported with the device flow');
    }
    const found = await this.devices.find(deviceCode);
    // RFC 6749 §5.2: a code issued to another client is as invalid as one never issued.
    if (!found || found.authorization.clientKey !== consumer.key) {
      throw new Oauth2Error('invalid_grant', 'The device code is invalid');
    }
    if (found.authorization.expiresAt <= Date.now()) {
      throw new Oauth2Error('expired_token', 'The device code has expired; start again');
    }
    const decision = await this.devices.takeDecision(found.id);
    if (!decision) {
      const wait = await this.devices.pollTooSoon(found.id, found.authorization);
      if (wait !== undefined) {
        throw new Oauth2Error('slow_down', `Polled too soon; poll at most every ${wait} seconds from now on`);
      }
      throw new Oauth2Error('authorization_pending', 'The user has not answered yet');
    }
    await this.devices.end(found.id);
    if (!decision.approved) {
      throw new Oauth2Error('access_denied', 'The user denied the request');
    }
    const acceptance = await this.authorization.require(consumer, decision.userId, decision.acceptanceId, request.ip);
    return this.tokens.issue(
      {
        consumer,
        userId: decision.userId,
        acceptanceId: acceptance.id,
        scopes: decision.scopes.filter((scope) => acceptance.grants.includes(scope)),
        familyId: found.id,
        grantType: this.type,
        senderKey,
      },
      decision.carried,
    );
  }
}
