import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/authorize.decorator';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { AuthorizationServerMetadataDto } from './metadata.dto';

@ApiTags('oauth2: discovery')
@Controller('.well-known')
export class MetadataController {
  private readonly metadata: AuthorizationServerMetadataDto;

  constructor(@Inject(APP_CONFIG) config: AppConfig, catalogue: GrantCatalogue) {
    const issuer = config.http.publicUrl;
    const secretMethods = ['client_secret_basic', 'client_secret_post'];
    this.metadata = {
      issuer,
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      token_endpoint: `${issuer}/oauth2/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      introspection_endpoint: `${issuer}/oauth2/introspect`,
      scopes_supported: catalogue.all().map((grant) => grant.name),
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: [...config.oauth2.enabledGrantTypes],
      token_endpoint_auth_methods_supported: [...secretMethods, 'none'],
      revocation_endpoint_auth_methods_supported: [...secretMethods, 'none'],
      introspection_endpoint_auth_methods_supported: secretMethods,
      code_challenge_methods_supported: config.oauth2.allowPlainPkce ? ['S256', 'plain'] : ['S256'],
      authorization_response_iss_parameter_supported: true,
      service_documentation: `${issuer}/docs`,
    };
  }

  @Get('oauth-authorization-server')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  metadataDocument(): AuthorizationServerMetadataDto {
    return this.metadata;
  }
}
