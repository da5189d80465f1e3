import type { IncomingHttpHeaders } from 'node:http';
import { type GatewayRequest, originalRequest, requirementsOf } from './gateway-request';

const asked = (headers: IncomingHttpHeaders, suffix = '', method = 'GET'): GatewayRequest => ({
  method,
  headers,
  suffix,
  clientIp: '127.0.0.1',
});

describe('originalRequest (DESIGN §11 forwarding headers)', () => {
  it('reads nginx style: X-Original-Method and X-Original-URI with the forwarded host and scheme', () => {
    const request = asked(
      {
        'x-original-method': 'post',
        'x-original-uri': '/v1/pages?title=Main%20Page&x=1',
        'x-forwarded-host': 'api.example.com',
        'x-forwarded-proto': 'https',
        host: 'gatehouse.internal:3001',
      },
      '?grant=basic,editpage&right=edit',
    );
    expect(originalRequest(request)).toEqual({
      method: 'POST',
      baseUrl: 'https://api.example.com/v1/pages',
      query: 'title=Main%20Page&x=1',
      grants: ['basic', 'editpage'],
      right: 'edit',
    });
  });

  it('reads Traefik style: X-Forwarded-Method/Proto/Host/Uri', () => {
    const request = asked({
      'x-forwarded-method': 'DELETE',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'api.example.com:8080',
      'x-forwarded-uri': '/v1/things/7',
    });
    expect(originalRequest(request)).toMatchObject({
      method: 'DELETE',
      baseUrl: 'http://api.example.com:8080/v1/things/7',
      query: '',
    });
  });

  it('never mixes the two styles: a client-sent X-Forwarded-Method cannot change an nginx-described request', () => {
    const request = asked({
      'x-original-method': 'DELETE',
      'x-original-uri': '/api/edit/page',
      'x-forwarded-method': 'GET',
      'x-forwarded-uri': '/api/things',
      host: 'api.example.com',
    });
    expect(originalRequest(request)).toMatchObject({
      method: 'DELETE',
      baseUrl: 'http://api.example.com/api/edit/page',
    });
  });

  it('reads Envoy style: the check request is the original one, appended to /gateway/verify', () => {
    const request = asked(
      { host: 'api.example.com', 'x-forwarded-proto': 'https', 'x-gateway-require-grant': 'editpage' },
      '/api/things?x=1',
      'PUT',
    );
    expect(originalRequest(request)).toEqual({
      method: 'PUT',
      baseUrl: 'https://api.example.com/api/things',
      query: 'x=1',
      grants: ['editpage'],
      right: undefined,
    });
  });

  it('falls back to Host, GET and http, and takes the first of listed values', () => {
    expect(
      originalRequest(asked({ 'x-original-uri': '/a', host: 'api.example.com', 'x-forwarded-proto': 'https, http' })),
    ).toMatchObject({ method: 'GET', baseUrl: 'https://api.example.com/a', query: '' });
  });

  it('knows nothing without an original URI, a host, or with a URI that is not a path', () => {
    expect(originalRequest(asked({ host: 'api.example.com' }))).toBeUndefined();
    expect(originalRequest(asked({ 'x-original-uri': '/a' }))).toBeUndefined();
    expect(originalRequest(asked({ 'x-original-uri': 'http://evil/a', host: 'api.example.com' }))).toBeUndefined();
  });

  it('knows nothing of a forwarded host no URL can have (found by the fuzz suite: a 500 from the base string)', () => {
    for (const host of [
      'api.example.com:99999',
      'api.example.com:0',
      'user@api.example.com',
      'api example.com',
      '[::1',
      // a host that would move part of itself into the path of the URL built from it
      'api.example.com/admin',
      'api.example.com?x',
    ]) {
      expect(originalRequest(asked({ 'x-original-uri': '/a', 'x-forwarded-host': host }))).toBeUndefined();
      expect(originalRequest(asked({ host }, '/a'))).toBeUndefined();
    }
    expect(originalRequest(asked({ 'x-original-uri': '/a', host: 'api.example.com:8443' }))).toMatchObject({
      baseUrl: 'http://api.example.com:8443/a',
    });
  });

  it('still reads the requirements of a bare bearer check', () => {
    const request = asked({}, '?grant=a,b&right=r');
    expect(requirementsOf(request, originalRequest(request))).toEqual({ grants: ['a', 'b'], right: 'r' });
  });
});
