import { Oauth2Error } from '../oauth2-error';
import { isNativeRedirectUri, readClientMetadata } from './client-metadata';

function refusal(body: unknown): string {
  try {
    readClientMetadata(body);
  } catch (error) {
    expect(error).toBeInstanceOf(Oauth2Error);
    return (error as Oauth2Error).error;
  }
  throw new Error('expected a refusal');
}

describe('readClientMetadata', () => {
  it("applies RFC 7591 §2's defaults and ignores metadata it does not understand", () => {
    expect(readClientMetadata({ redirect_uris: ['https://app.example/cb'], logo_uri: 'x', software_id: 1 })).toEqual({
      redirectUris: ['https://app.example/cb'],
      tokenEndpointAuthMethod: undefined,
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
      clientName: undefined,
      scope: undefined,
      contacts: [],
      jwks: undefined,
      jwksUri: undefined,
    });
  });

  it('splits the scope on spaces and trims the name', () => {
    const metadata = readClientMetadata({
      grant_types: ['client_credentials'],
      scope: 'basic  editpage',
      client_name: ' A ',
    });
    expect(metadata.scope).toEqual(['basic', 'editpage']);
    expect(metadata.clientName).toBe('A');
    expect(metadata.redirectUris).toEqual([]);
  });

  it.each([
    ['javascript:alert(1)//'],
    ['vbscript:msgbox'],
    ['https://app.example/cb#fragment'],
    ['https://app.example/a/./cb'],
    ['https://app.example/a/..'],
    ['https://app.example/a/%2E%2E/cb'],
    ['https://app.example/\tcb'],
    ['relative/cb'],
  ])('refuses the redirect URI %j', (uri) => {
    expect(refusal({ redirect_uris: [uri] })).toBe('invalid_redirect_uri');
  });

  it.each([
    [null],
    ['text'],
    [{ redirect_uris: ['https://app.example/cb'], client_name: 5 }],
    [{ redirect_uris: ['https://app.example/cb'], scope: 'x'.repeat(1001) }],
    [{ redirect_uris: ['https://app.example/cb'], contacts: ['\u0007bell@example.com'] }],
    [{ redirect_uris: ['https://app.example/cb'], contacts: ['not an address'] }],
    [{ redirect_uris: ['https://app.example/cb'], jwks: 'keys' }],
    [{ redirect_uris: ['https://app.example/cb'], grant_types: Array(11).fill('refresh_token') }],
  ])('refuses the metadata %j', (body) => {
    expect(refusal(body)).toBe('invalid_client_metadata');
  });
});

describe('isNativeRedirectUri (RFC 8252 §7)', () => {
  it.each([
    ['http://127.0.0.1:8080/cb', true],
    ['http://[::1]/cb', true],
    ['http://localhost:3000/cb', true],
    ['com.example.app:/cb', true],
    ['https://127.0.0.1/cb', false],
    ['http://127.0.0.2.nip.io/cb', false],
    ['https://app.example/cb', false],
  ])('%s → %s', (uri, native) => {
    expect(isNativeRedirectUri(uri)).toBe(native);
  });
});
