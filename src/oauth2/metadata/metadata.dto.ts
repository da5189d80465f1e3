import { ApiProperty } from '@nestjs/swagger';

/** RFC 8414 §2 authorization server metadata. */
export class AuthorizationServerMetadataDto {
  @ApiProperty({ example: 'https://auth.example' })
  issuer!: string;

  @ApiProperty()
  authorization_endpoint!: string;

  @ApiProperty()
  token_endpoint!: string;

  @ApiProperty()
  jwks_uri!: string;

  @ApiProperty()
  revocation_endpoint!: string;

  @ApiProperty()
  introspection_endpoint!: string;

  @ApiProperty({ type: [String] })
  scopes_supported!: string[];

  @ApiProperty({ type: [String], example: ['code'] })
  response_types_supported!: string[];

  @ApiProperty({ type: [String], example: ['query'] })
  response_modes_supported!: string[];

  @ApiProperty({ type: [String] })
  grant_types_supported!: string[];

  @ApiProperty({ type: [String] })
  token_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  revocation_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  introspection_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String], example: ['S256'] })
  code_challenge_methods_supported!: string[];

  @ApiProperty({ description: 'RFC 9207: authorization responses carry iss' })
  authorization_response_iss_parameter_supported!: boolean;

  @ApiProperty()
  service_documentation!: string;
}
