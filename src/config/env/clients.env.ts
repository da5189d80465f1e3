import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsBooleanWord } from './validators';

/** What a registration at the RFC 7591 endpoint becomes: refused (no endpoint), a proposal, or a usable client. */
export const DYNAMIC_REGISTRATION_MODES = ['off', 'review', 'open'] as const;

/**
 * How OAuth 2 clients come and prove who they are: dynamic registration (RFC 7591), Client ID Metadata Documents,
 * and private_key_jwt with its jwks_uri fetches (RFC 7523).
 */
export class ClientsEnv {
  @IsOptional()
  @IsBooleanWord()
  OAUTH2_PRIVATE_KEY_JWT?: string;

  @IsOptional()
  @IsString()
  OAUTH2_JWKS_URI_CA_FILE?: string;

  /** Hosts whose Client ID Metadata Documents are fetched; read by `ClientMetadataHosts.parse`. Unset: none are. */
  @IsOptional()
  @IsString()
  CLIENT_METADATA_HOSTS?: string;

  @IsOptional()
  @IsString()
  CLIENT_METADATA_CA_FILE?: string;

  @IsOptional()
  @IsIn(DYNAMIC_REGISTRATION_MODES, { message: `$property must be one of ${DYNAMIC_REGISTRATION_MODES.join(', ')}` })
  DYNAMIC_REGISTRATION?: string;

  @IsOptional()
  // A resource URL holds no comma or white space here, so the list splits on commas alone.
  @Matches(/^(?:[a-z0-9_-]+|https?:\/\/[^\s,]+)(?:\s*,\s*(?:[a-z0-9_-]+|https?:\/\/[^\s,]+))*$/i, {
    message: '$property must be a comma-separated list of grant names and resource URLs',
  })
  DYNAMIC_REGISTRATION_GRANTS?: string;
}
