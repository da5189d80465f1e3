import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/authorize.decorator';
import { AuthorizationServerMetadata } from './authorization-server-metadata';
import { AuthorizationServerMetadataDto } from './metadata.dto';

@ApiTags('oauth2: discovery')
@Controller('.well-known')
export class MetadataController {
  constructor(private readonly metadata: AuthorizationServerMetadata) {}

  @Get('oauth-authorization-server')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  metadataDocument(): AuthorizationServerMetadataDto {
    return this.metadata.document();
  }
}
