import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The device authorization request form (RFC 8628 §3.1); read field by field, so errors stay RFC 6749 §5.2's. */
export class DeviceAuthorizationRequestDto {
  @ApiPropertyOptional({ description: 'client_secret_post, or a public client; never together with HTTP Basic' })
  client_id?: string;

  @ApiPropertyOptional({ description: 'client_secret_post only' })
  client_secret?: string;

  @ApiPropertyOptional({ description: "Space-separated grant names; none means all of the client's grants" })
  scope?: string;
}

export class DeviceAuthorizationResponseDto {
  @ApiProperty({ description: 'Opaque, 80 hex; polled with at the token endpoint' })
  device_code!: string;

  @ApiProperty({ example: 'WDJB-MJHT', description: 'Eight upper-case consonants; case and dashes are ignored' })
  user_code!: string;

  @ApiProperty({ example: 'https://auth.example/device' })
  verification_uri!: string;

  @ApiProperty({ example: 'https://auth.example/device?user_code=WDJB-MJHT' })
  verification_uri_complete!: string;

  @ApiProperty({ example: 600 })
  expires_in!: number;

  @ApiProperty({ example: 5, description: 'Seconds between polls; each slow_down adds 5' })
  interval!: number;
}
