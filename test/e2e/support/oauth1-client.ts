import { randomBytes, sign } from 'node:crypto';
import supertest from 'supertest';
import type { SignedIn } from './session-client';
import { formatAuthorizationHeader } from '../../../src/oauth1/signature/authorization-header';
import { signatureBaseString } from '../../../src/oauth1/signature/base-string';
import type { Parameter } from '../../../src/oauth1/signature/form-parameters';
import { HMAC_SHA1, PLAINTEXT } from '../../../src/oauth1/signature/signature-methods';

export interface Oauth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
  /** Sign with RSA-SHA1 and this PEM private key instead of HMAC-SHA1. */
  rsaPrivateKey?: string;
  /** Sign with PLAINTEXT instead of HMAC-SHA1. */
  plaintext?: boolean;
}

export interface SignedCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** path and query, e.g. `/w/index.php?title=Special:OAuth/initiate` */
  target: string;
  extra?: Record<string, string>;
  timestamp?: number;
  nonce?: string;
}

/** The Authorization header a correct client sends for `call` against `baseUrl`. */
export function signedHeader(baseUrl: string, credentials: Oauth1Credentials, call: SignedCall): string {
  const url = new URL(call.target, baseUrl);
  const protocol: Parameter[] = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', call.nonce ?? randomBytes(8).toString('hex')],
    [
      'oauth_signature_method',
      credentials.rsaPrivateKey ? 'RSA-SHA1' : credentials.plaintext ? 'PLAINTEXT' : 'HMAC-SHA1',
    ],
    ['oauth_timestamp', String(call.timestamp ?? Math.floor(Date.now() / 1000))],
    ['oauth_version', '1.0'],
    ...(credentials.token ? [['oauth_token', credentials.token] as Parameter] : []),
    ...Object.entries(call.extra ?? {}),
  ];
  const query = [...url.searchParams.entries()] as Parameter[];
  const baseString = signatureBaseString({
    method: call.method,
    url: url.origin + url.pathname,
    parameters: [...query, ...protocol],
  });
  const secrets = { consumerSecret: credentials.consumerSecret, tokenSecret: credentials.tokenSecret };
  const signature = credentials.rsaPrivateKey
    ? sign('sha1', Buffer.from(baseString), credentials.rsaPrivateKey).toString('base64')
    : (credentials.plaintext ? PLAINTEXT : HMAC_SHA1).sign(baseString, secrets);
  return formatAuthorizationHeader([...protocol, ['oauth_signature', signature]]);
}

/** Sends the signed call; the header can be altered first to play an attacker. */
export function sendSigned(
  baseUrl: string,
  credentials: Oauth1Credentials,
  call: SignedCall,
  alter: (header: string) => string = (header) => header,
) {
  const header = alter(signedHeader(baseUrl, credentials, call));
  const agent = supertest(baseUrl);
  const methods = {
    GET: () => agent.get(call.target),
    POST: () => agent.post(call.target),
    PUT: () => agent.put(call.target),
    PATCH: () => agent.patch(call.target),
    DELETE: () => agent.delete(call.target),
  };
  return methods[call.method]().set('Authorization', header);
}

/**
 * Registers an owner-only OAuth 1 consumer as `developer`: it is approved at once and comes with the owner's access
 * token, so it can sign requests straight away.
 */
export async function ownerOnlyOauth1Credentials(
  developer: SignedIn & { email: string },
  name: string,
): Promise<Oauth1Credentials> {
  const registered = await developer.agent
    .post('/api/consumers')
    .set('X-CSRF-Token', developer.csrfToken)
    .send({
      oauthVersion: 1,
      name,
      version: '1.0',
      description: `${name}, signing its requests`,
      email: developer.email,
      grants: ['basic', 'editpage'],
      ownerOnly: true,
    })
    .expect(201);
  const body = registered.body as {
    consumer: { consumerKey: string };
    secret: string;
    accessToken: string;
    accessSecret: string;
  };
  return {
    consumerKey: body.consumer.consumerKey,
    consumerSecret: body.secret,
    token: body.accessToken,
    tokenSecret: body.accessSecret,
  };
}

/** Registers a shared OAuth 1 consumer as `developer` with an `https://tool.example/cb` callback, approved by `admin`. */
export async function approvedOauth1Consumer(
  developer: SignedIn & { email: string },
  admin: SignedIn,
  name: string,
): Promise<Oauth1Credentials> {
  const registered = await developer.agent
    .post('/api/consumers')
    .set('X-CSRF-Token', developer.csrfToken)
    .send({
      oauthVersion: 1,
      name,
      version: '1.0',
      description: `${name}, asking for consent`,
      email: developer.email,
      grants: ['basic'],
      callbackUrl: 'https://tool.example/cb',
    })
    .expect(201);
  const consumerKey = registered.body.consumer.consumerKey as string;
  await admin.agent
    .post(`/api/admin/consumers/${consumerKey}/approve`)
    .set('X-CSRF-Token', admin.csrfToken)
    .send({ reason: 'ok' })
    .expect(200);
  return { consumerKey, consumerSecret: registered.body.secret as string };
}
