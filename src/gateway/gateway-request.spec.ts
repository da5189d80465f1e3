import { originalRequest } from './gateway-request';

describe('originalRequest (DESIGN §11 forwarding headers)', () => {
  it('reads nginx style: X-Original-Method and X-Original-URI with the forwarded host and scheme', () => {
    expect(
      originalRequest({
        'x-original-method': 'post',
        'x-original-uri': '/v1/pages?title=Main%20Page&x=1',
        'x-forwarded-host': 'api.example.com',
        'x-forwarded-proto': 'https',
        host: 'gatehouse.internal:3001',
      }),
    ).toEqual({ method: 'POST', baseUrl: 'https://api.example.com/v1/pages', query: 'title=Main%20Page&x=1' });
  });

  it('reads Traefik style: X-Forwarded-Method/Proto/Host/Uri', () => {
    expect(
      originalRequest({
        'x-forwarded-method': 'DELETE',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'api.example.com:8080',
        'x-forwarded-uri': '/v1/things/7',
      }),
    ).toEqual({ method: 'DELETE', baseUrl: 'http://api.example.com:8080/v1/things/7', query: '' });
  });

  it('falls back to Host, GET and http, and takes the first of listed values', () => {
    expect(
      originalRequest({ 'x-original-uri': '/a', host: 'api.example.com', 'x-forwarded-proto': 'https, http' }),
    ).toEqual({ method: 'GET', baseUrl: 'https://api.example.com/a', query: '' });
  });

  it('knows nothing without an original URI, a host, or with a URI that is not a path', () => {
    expect(originalRequest({ host: 'api.example.com' })).toBeUndefined();
    expect(originalRequest({ 'x-original-uri': '/a' })).toBeUndefined();
    expect(originalRequest({ 'x-original-uri': 'http://evil/a', host: 'api.example.com' })).toBeUndefined();
  });
});
