import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '../../../test/support/self-signed-certificate';
import type { AppConfig } from '../../config/app-config';
import { ClientMetadataHosts } from '../../config/client-metadata-hosts';
import { isClientIdUrl } from './client-id-url';
import { ClientMetadataRefused, checkClientMetadataDocument } from './client-metadata-document';
import { ClientMetadataFetcher } from './client-metadata-fetcher';
import { isPublicAddress } from './public-address';

describe('Client ID Metadata Document client ids (draft §3)', () => {
  it.each(['https://agent.example/oauth/client.json', 'https://agent.example:8443/c', 'https://agent.example/c?v=1'])(
    'takes %s',
    (id) => expect(isClientIdUrl(id)).toBe(true),
  );

  it.each([
    'http://agent.example/client.json',
    'https://agent.example/',
    'https://agent.example',
    'https://agent.example/c#frag',
    'https://user:pw@agent.example/c',
    'https://agent.example/a/../c',
    'https://agent.example/a/%2e%2e/c',
    'https://agent.example/./c',
    'https://Agent.example/c',
    'https://agent.example:443/c',
    'HTTPS://agent.example/c',
    `https://agent.example/${'a'.repeat(2000)}`,
    'client-key-abc',
  ])('refuses %s', (id) => expect(isClientIdUrl(id)).toBe(false));
});

describe('CLIENT_METADATA_HOSTS', () => {
  it.each(['', ' , ', 'a b', 'http://x', '*.', 'host:99999', 'x/y'])('refuses %j', (value) => {
    expect(() => ClientMetadataHosts.parse(value)).toThrow();
  });

  it('trusts an exactly named host at any address, and wildcards at public ones only', () => {
    const hosts = ClientMetadataHosts.parse('tools.corp.example, *.agents.example, 127.0.0.1:8443');
    expect(hosts.scopeOf(new URL('https://tools.corp.example/c'))).toBe('any');
    expect(hosts.scopeOf(new URL('https://a.agents.example/c'))).toBe('public');
    expect(hosts.scopeOf(new URL('https://agents.example/c'))).toBeUndefined();
    expect(hosts.scopeOf(new URL('https://127.0.0.1:8443/c'))).toBe('any');
    expect(hosts.scopeOf(new URL('https://127.0.0.1:9443/c'))).toBeUndefined();
    expect(hosts.scopeOf(new URL('https://evil.example/c'))).toBeUndefined();
    expect(ClientMetadataHosts.parse('*').scopeOf(new URL('https://anything.example/c'))).toBe('public');
  });
});

describe('public addresses (SSRF, draft §6.5)', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0'])(
    'refuses IPv4 %s',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );
  it.each([
    '::1',
    'fc00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '2002:7f00:1::1',
    'ff02::1',
    'nonsense',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(['93.184.215.14', '2606:4700::6810:84e5', '::ffff:93.184.215.14'])('takes %s', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
});

describe('checkClientMetadataDocument (draft §4.1)', () => {
  const url = 'https://agent.example/client.json';
  const good = { client_id: url, client_name: 'Agent', redirect_uris: ['http://127.0.0.1:3000/cb'] };
  const check = (document: unknown) => () => checkClientMetadataDocument(url, JSON.stringify(document));

  it('reads a public client as a registration is read', () => {
    expect(checkClientMetadataDocument(url, JSON.stringify(good))).toMatchObject({
      clientId: url,
      clientName: 'Agent',
      redirectUris: ['http://127.0.0.1:3000/cb'],
      grantTypes: ['authorization_code'],
    });
  });

  it.each([
    ['another client_id', { ...good, client_id: 'https://agent.example/other.json' }],
    ['no client_id', { ...good, client_id: undefined }],
    ['a secret', { ...good, client_secret: 's' }],
    ['a secret expiry', { ...good, client_secret_expires_at: 0 }],
    ['a secret method', { ...good, token_endpoint_auth_method: 'client_secret_basic' }],
    ['no redirect URIs', { ...good, redirect_uris: [] }],
    ['a redirect URI that is not text', { ...good, redirect_uris: [42] }],
    [
      'too many redirect URIs',
      { ...good, redirect_uris: Array.from({ length: 11 }, (_, i) => `http://127.0.0.1/${i}`) },
    ],
    ['client_credentials', { ...good, grant_types: ['client_credentials'] }],
    ['a bidi control in the name', { ...good, client_name: 'Agent\u202e' }],
    ['an array', [good]],
  ])('refuses %s', (_label, document) => {
    expect(check(document)).toThrow(ClientMetadataRefused);
  });

  it('refuses what is not JSON', () => {
    expect(() => checkClientMetadataDocument(url, '<html>')).toThrow(ClientMetadataRefused);
  });
});

describe('ClientMetadataFetcher', () => {
  let directory: string;
  let server: Server;
  let base: string;
  let ca: string;
  const requests: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatehouse-cimd-'));
    const tls = selfSignedCertificate(directory);
    ca = tls.cert;
    server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      const path = request.url ?? '/';
      requests.push(path);
      const self = `${base}${path}`;
      const document = JSON.stringify({ client_id: self, redirect_uris: ['http://127.0.0.1:3000/cb'] });
      if (path === '/redirect.json') {
        return response.writeHead(302, { location: `${base}/cached.json` }).end();
      }
      if (path === '/big.json') {
        return response.writeHead(200, { 'content-type': 'application/json' }).end(' '.repeat(6000) + document);
      }
      if (path === '/missing.json') {
        return response.writeHead(404).end();
      }
      const cacheControl = path === '/cached.json' ? 'max-age=600' : 'no-store';
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': cacheControl }).end(document);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });

  function fetcherFor(hosts: string | undefined): ClientMetadataFetcher {
    const clientMetadata = { hosts: hosts === undefined ? undefined : ClientMetadataHosts.parse(hosts), ca };
    return new ClientMetadataFetcher({ oauth2: { clientMetadata } } as unknown as AppConfig);
  }

  function requestsFor(path: string): number {
    return requests.filter((request) => request === path).length;
  }

  it('is not supported without CLIENT_METADATA_HOSTS, and then never fetches', async () => {
    const fetcher = fetcherFor(undefined);
    expect(fetcher.supported).toBe(false);
    expect(fetcher.isDocumentClientId(`${base}/cached.json`)).toBe(false);
    await expect(fetcher.documentOf(`${base}/unlisted.json`)).rejects.toThrow(ClientMetadataRefused);
    expect(requestsFor('/unlisted.json')).toBe(0);
  });

  it('fetches from an exactly allowed loopback host and caches as Cache-Control allows', async () => {
    const fetcher = fetcherFor(`127.0.0.1:${new URL(base).port}`);
    const first = await fetcher.documentOf(`${base}/cached.json`);
    expect(first.clientId).toBe(`${base}/cached.json`);
    await fetcher.documentOf(`${base}/cached.json`);
    expect(requestsFor('/cached.json')).toBe(1);
    await fetcher.documentOf(`${base}/fresh.json`);
    await fetcher.documentOf(`${base}/fresh.json`);
    expect(requestsFor('/fresh.json')).toBe(2);
  });

  it('refuses a loopback address allowed only by a wildcard, without connecting', async () => {
    await expect(fetcherFor('*').documentOf(`${base}/wild.json`)).rejects.toThrow('not public');
    const byName = `https://localhost:${new URL(base).port}/wild.json`;
    await expect(fetcherFor('*').documentOf(byName)).rejects.toThrow(ClientMetadataRefused);
    expect(requestsFor('/wild.json')).toBe(0);
  });

  it('follows no redirect, reads at most 5 KiB, and remembers a failure for a while', async () => {
    const fetcher = fetcherFor(`127.0.0.1:${new URL(base).port}`);
    await expect(fetcher.documentOf(`${base}/redirect.json`)).rejects.toThrow('answered 302');
    await expect(fetcher.documentOf(`${base}/big.json`)).rejects.toThrow(ClientMetadataRefused);
    await expect(fetcher.documentOf(`${base}/missing.json`)).rejects.toThrow('answered 404');
    await expect(fetcher.documentOf(`${base}/missing.json`)).rejects.toThrow('try again shortly');
    expect(requestsFor('/missing.json')).toBe(1);
    expect(requestsFor('/cached.json')).toBe(1);
  });
});
