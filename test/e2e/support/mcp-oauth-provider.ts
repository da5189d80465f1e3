import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * The MCP SDK client's OAuth state, kept in memory as an agent would keep it on disk. Instead of opening a browser it
 * records each authorization URL, for the test to visit as the user.
 */
export class RecordingOAuthProvider implements OAuthClientProvider {
  readonly authorizationUrls: URL[] = [];
  private client?: OAuthClientInformationMixed;
  private saved?: OAuthTokens;
  private verifier?: string;

  /**
   * `redirectUrl`: a native app's loopback address (RFC 8252 §7.3), which open registration allows. With
   * `clientMetadataUrl` (the https address of the agent's Client ID Metadata Document) the SDK uses it as its
   * client_id where the server says it may, instead of registering.
   */
  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'MCP test agent',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.client = information;
  }

  tokens(): OAuthTokens | undefined {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.authorizationUrls.push(authorizationUrl);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (this.verifier === undefined) {
      throw new Error('No authorization was started');
    }
    return this.verifier;
  }

  /** What the SDK drops when the server refuses it, e.g. tokens after a refresh fails with invalid_grant. */
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'client') {
      this.client = undefined;
    }
    if (scope === 'all' || scope === 'tokens') {
      this.saved = undefined;
    }
    if (scope === 'all' || scope === 'verifier') {
      this.verifier = undefined;
    }
  }
}
