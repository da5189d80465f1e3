import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 9728 §2: what a client learns of a protected resource before it asks for a token. */
export class ProtectedResourceMetadataDto {
  @ApiProperty({ example: 'https://mcp.example.com/tools', description: "The resource's identifier (RFC 8707)" })
  resource!: string;

  @ApiProperty({ type: [String], description: 'Issuers whose tokens the resource accepts: this server' })
  authorization_servers!: string[];

  @ApiProperty({ type: [String], example: ['basic'], description: 'The grants (scopes) the resource serves' })
  scopes_supported!: string[];

  @ApiProperty({ type: [String], example: ['header'], description: 'RFC 6750 §2 methods of presenting a token' })
  bearer_methods_supported!: string[];

  @ApiProperty({ example: 'Company tools', description: 'The name people know the resource by' })
  resource_name!: string;

  @ApiPropertyOptional({ description: 'RFC 9449 §5.2: whether only DPoP-bound tokens are accepted' })
  dpop_bound_access_tokens_required?: boolean;
}
