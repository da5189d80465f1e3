import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { DynamicClients } from '../dynamic-registration/dynamic-clients';
import { DEVICE_CODE_GRANT } from '../grants/device-code.grant';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthenticator } from '../protocol/client-authenticator';
import { assertForm, parameter } from '../protocol/protocol-parameters';
import type { ProtocolRequest } from '../protocol/protocol-request';
import { parseScope } from '../protocol/scope';
import { DeviceAuthorizationStore } from './device-authorization.store';
import { displayUserCode } from './user-code';

/** Where people enter user codes (RFC 8628 §3.2 `verification_uri`), on this server's public URL. */
export const DEVICE_VERIFICATION_PATH = '/device';

/** RFC 8628 §3.2. */
export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/**
 * `/oauth2/device_authorization` (RFC 8628 §3.1, §3.2): the client authenticates as at the token endpoint (public
 * clients by `client_id` alone), must have registered for the device grant and be out of review, and asks for scopes as in the code flow
 * (none asked is all of its grants, those it lacks are dropped). Answers the codes and where to enter the user code.
 */
@Injectable()
export class DeviceAuthorizationService {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly devices: DeviceAuthorizationStore,
    private readonly catalogue: GrantCatalogue,
    private readonly dynamicClients: DynamicClients,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(request: ProtocolRequest): Promise<DeviceAuthorizationResponse> {
    assertForm(request);
    if (!this.config.oauth2.enabledGrantTypes.includes(DEVICE_CODE_GRANT)) {
      throw new Oauth2Error('unsupported_grant_type', 'The device flow is disabled on this server', { status: 404 });
    }
    const { consumer } = await this.clients.authenticate(request, { actor: 'someone' });
    if (!consumer.oauth2GrantTypes.includes(DEVICE_CODE_GRANT)) {
      throw new Oauth2Error('unauthorized_client', 'The client may not use the device authorization grant');
    }
    // A self-registered client still under review would get a user code that no person can approve (the device page
    // refuses it), so it gets none. RFC 8628 §3.1 answers with RFC 6749 §5.2's errors; the client did authenticate,
    // it is not yet authorized to use any grant: `unauthorized_client`, as for a client without the device grant.
    if (await this.dynamicClients.awaitsReview(consumer)) {
      throw new Oauth2Error(
        'unauthorized_client',
        'The client awaits review by the administrators; it may use no grant until it is approved',
      );
    }
    const requested = parseScope(parameter(request, 'scope', 'body'));
    const unknown = this.catalogue.unknown(requested ?? []);
    if (unknown.length > 0) {
      throw new Oauth2Error('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
    }
    // MediaWiki's rule, as at /oauth2/authorize: no scope means all the client's grants; others are dropped.
    const scopes = requested ? requested.filter((scope) => consumer.grants.includes(scope)) : consumer.grants;
    if (scopes.length === 0) {
      throw new Oauth2Error('invalid_scope', 'None of the requested scopes is granted to this client');
    }
    const started = await this.devices.start(consumer.key, scopes);
    const userCode = displayUserCode(started.userCode);
    const verificationUri = `${this.config.http.publicUrl}${DEVICE_VERIFICATION_PATH}`;
    return {
      device_code: started.deviceCode,
      user_code: userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?${new URLSearchParams({ user_code: userCode }).toString()}`,
      expires_in: started.expiresIn,
      interval: started.interval,
    };
  }
}
