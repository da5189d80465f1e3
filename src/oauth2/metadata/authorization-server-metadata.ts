import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ASSERTION_ALGORITHMS } from '../../consumers/checks/check-client-keys';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { RESPONSE_MODES } from '../authorize/response-mode';
import { DocumentClients } from '../client-metadata/document-clients';
import { DPOP_ALGORITHMS } from '../protocol/check-dpop-proof';
import { Oauth2Extensions } from '../extensions/oauth2-extensions';
import { DEVICE_CODE_GRANT } from '../grants/device-code.grant';
import type { AuthorizationServerMetadataDto } from './metadata.dto';

/**
 * The RFC 8414 §2 document, with what the extensions over OAuth 2 add (OpenID Connect's endpoints), so RFC 8414's
 * document and OpenID Connect Discovery's agree field for field.
 */
@Injectable()
export class AuthorizationServerMetadata {
  private readonly base: AuthorizationServerMetadataDto;
  private withExtensions?: AuthorizationServerMetadataDto;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    catalogue: GrantCatalogue,
    private readonly extensions: Oauth2Extensions,
    documentClients: DocumentClients,
  ) {
    const issuer = config.http.publicUrl;
    const { privateKeyJwt, par } = config.oauth2;
    const clientMethods = ['client_secret_basic', 'client_secret_post', ...(privateKeyJwt ? ['private_key_jwt'] : [])];
    // RFC 8414 §2: the algorithms private_key_jwt assertions may be signed with, where that method is listed.
    const assertionAlgorithms = privateKeyJwt ? [...ASSERTION_ALGORITHMS] : undefined;
    this.base = {
      issuer,
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      token_endpoint: `${issuer}/oauth2/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      introspection_endpoint: `${issuer}/oauth2/introspect`,
      scopes_supported: catalogue.all().map((grant) => grant.name),
      response_types_supported: ['code'],
      response_modes_supported: [...RESPONSE_MODES],
      grant_types_supported: [...config.oauth2.enabledGrantTypes],
      token_endpoint_auth_methods_supported: [...clientMethods, 'none'],
      revocation_endpoint_auth_methods_supported: [...clientMethods, 'none'],
      introspection_endpoint_auth_methods_supported: clientMethods,
      token_endpoint_auth_signing_alg_values_supported: assertionAlgorithms,
      revocation_endpoint_auth_signing_alg_values_supported: assertionAlgorithms,
      introspection_endpoint_auth_signing_alg_values_supported: assertionAlgorithms,
      pushed_authorization_request_endpoint: par ? `${issuer}/oauth2/par` : undefined,
      require_pushed_authorization_requests: par ? config.oauth2.requirePar : undefined,
      code_challenge_methods_supported: config.oauth2.allowPlainPkce ? ['S256', 'plain'] : ['S256'],
      authorization_response_iss_parameter_supported: true,
      service_documentation: `${issuer}/docs`,
    };
    // RFC 8628 §4: only where the device grant is enabled.
    if (config.oauth2.enabledGrantTypes.includes(DEVICE_CODE_GRANT)) {
      this.base.device_authorization_endpoint = `${issuer}/oauth2/device_authorization`;
    }
    // RFC 8414 §2, RFC 7591 §3: advertised unless switched off, where the route answers 404.
    if (config.dynamicRegistration.mode !== 'off') {
      this.base.registration_endpoint = `${issuer}/oauth2/register`;
    }
    // The draft's discovery field: an https client_id names its metadata document, fetched under the same policy.
    if (documentClients.supported) {
      this.base.client_id_metadata_document_supported = true;
    }
    if (config.oauth2.dpop.enabled) {
      this.base.dpop_signing_alg_values_supported = [...DPOP_ALGORITHMS];
    }
  }

  document(): AuthorizationServerMetadataDto {
    // Built at the first request: the extensions register when their modules start, after this constructor.
    this.withExtensions ??= { ...this.base, ...this.extensions.metadata() };
    return this.withExtensions;
  }
}
