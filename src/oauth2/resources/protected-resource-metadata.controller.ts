import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/authorize.decorator';
import { ProtectedResourceMetadataDto } from './protected-resource-metadata.dto';
import { ProtectedResources } from './protected-resources';

/** RFC 9728 §3: the metadata documents of the resources Gatehouse fronts, public and cacheable like RFC 8414's. */
@ApiTags('oauth2: discovery')
@Controller('.well-known/oauth-protected-resource')
export class ProtectedResourceMetadataController {
  constructor(private readonly resources: ProtectedResources) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Protected resource metadata (RFC 9728) of a resource at the root of its host' })
  @ApiOkResponse({ type: ProtectedResourceMetadataDto })
  @ApiNotFoundResponse({ description: 'No configured resource has this path' })
  rootDocument(): ProtectedResourceMetadataDto {
    return this.found('');
  }

  @Get('*path')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Protected resource metadata (RFC 9728 §3.1) by the path of the resource' })
  @ApiParam({ name: 'path', description: 'The path of the resource URL, e.g. tools for https://mcp.example/tools' })
  @ApiOkResponse({ type: ProtectedResourceMetadataDto })
  @ApiNotFoundResponse({ description: 'No configured resource has this path' })
  document(@Param('path') path: string | string[]): ProtectedResourceMetadataDto {
    return this.found(`/${[path].flat().join('/')}`);
  }

  private found(path: string): ProtectedResourceMetadataDto {
    const document = this.resources.document(path);
    if (!document) {
      throw new NotFoundException('No protected resource is configured at this path');
    }
    return document;
  }
}
