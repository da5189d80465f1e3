import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/authorize.decorator';
import { AuthorizationServerMetadata } from '../../oauth2/metadata/authorization-server-metadata';
import { AuthorizationServerMetadataDto } from '../../oauth2/metadata/metadata.dto';

/**
 * OpenID Connect Discovery 1.0 §4: the same document as RFC 8414's, field for field (RFC 8414 §3 allows both), with
 * `issuer` exactly `PUBLIC_URL`.
 */
@ApiTags('oidc')
@Controller('.well-known')
export class DiscoveryController {
  constructor(private readonly metadata: AuthorizationServerMetadata) {}

  @Get('openid-configuration')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'OpenID Provider configuration (OpenID Connect Discovery 1.0 §3)' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  configuration(): AuthorizationServerMetadataDto {
    return this.metadata.document();
  }
}
