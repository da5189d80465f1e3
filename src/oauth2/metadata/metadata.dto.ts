import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * RFC 8414 §2 authorization server metadata, with the OpenID Connect Discovery 1.0 §3 fields that RFC 8414 §7.1.2
 * registers, present when OpenID Connect is on.
 */
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

  @ApiPropertyOptional({ description: 'RFC 8628 §4; present when the device grant is enabled' })
  device_authorization_endpoint?: string;

  @ApiPropertyOptional({ description: 'RFC 7591 §3; absent when DYNAMIC_REGISTRATION=off' })
  registration_endpoint?: string;

  @ApiPropertyOptional({
    description:
      'draft-ietf-oauth-client-id-metadata-document: an https client_id naming its metadata is accepted; present ' +
      'when DYNAMIC_REGISTRATION is not off and CLIENT_METADATA_HOSTS is set',
  })
  client_id_metadata_document_supported?: boolean;

  @ApiProperty({ type: [String] })
  scopes_supported!: string[];

  @ApiProperty({ type: [String], example: ['code'] })
  response_types_supported!: string[];

  @ApiProperty({ type: [String], example: ['query', 'form_post'] })
  response_modes_supported!: string[];

  @ApiProperty({ type: [String] })
  grant_types_supported!: string[];

  @ApiProperty({ type: [String] })
  token_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  revocation_endpoint_auth_methods_supported!: string[];

  @ApiProperty({ type: [String] })
  introspection_endpoint_auth_methods_supported!: string[];

  @ApiPropertyOptional({ type: [String], description: 'RFC 8414 §2; present when private_key_jwt is on' })
  token_endpoint_auth_signing_alg_values_supported?: string[];

  @ApiPropertyOptional({ type: [String], description: 'RFC 8414 §2; present when private_key_jwt is on' })
  revocation_endpoint_auth_signing_alg_values_supported?: string[];

  @ApiPropertyOptional({ type: [String], description: 'RFC 8414 §2; present when private_key_jwt is on' })
  introspection_endpoint_auth_signing_alg_values_supported?: string[];

  @ApiPropertyOptional({ description: 'RFC 9126 §5; present when pushed authorization requests are on' })
  pushed_authorization_request_endpoint?: string;

  @ApiPropertyOptional({ description: 'RFC 9126 §5: every authorization request must be pushed' })
  require_pushed_authorization_requests?: boolean;

  @ApiProperty({ type: [String], example: ['S256'] })
  code_challenge_methods_supported!: string[];

  @ApiProperty({ description: 'RFC 9207: authorization responses carry iss' })
  authorization_response_iss_parameter_supported!: boolean;

  @ApiProperty({
    required: false,
    type: [String],
    example: ['ES256', 'PS256', 'EdDSA'],
    description: 'RFC 9449 §5.1: DPoP proof algorithms; only while DPoP is on (OAUTH2_DPOP)',
  })
  dpop_signing_alg_values_supported?: string[];

  @ApiProperty()
  service_documentation!: string;

  @ApiProperty({ required: false, description: 'OpenID Connect Core §5.3' })
  userinfo_endpoint?: string;

  @ApiProperty({ required: false, description: 'RP-Initiated Logout 1.0 §2.1' })
  end_session_endpoint?: string;

  @ApiProperty({ required: false, type: [String], example: ['public'] })
  subject_types_supported?: string[];

  @ApiProperty({ required: false, type: [String], example: ['RS256'] })
  id_token_signing_alg_values_supported?: string[];

  @ApiProperty({ required: false, type: [String] })
  claims_supported?: string[];

  @ApiProperty({ required: false, type: [String], example: ['none', 'login', 'consent', 'select_account'] })
  prompt_values_supported?: string[];

  @ApiProperty({ required: false })
  claims_parameter_supported?: boolean;

  @ApiProperty({ required: false })
  request_parameter_supported?: boolean;

  @ApiProperty({ required: false })
  request_uri_parameter_supported?: boolean;

  @ApiProperty({ required: false })
  backchannel_logout_supported?: boolean;

  @ApiProperty({ required: false })
  backchannel_logout_session_supported?: boolean;

  @ApiProperty({ required: false })
  frontchannel_logout_supported?: boolean;
}
