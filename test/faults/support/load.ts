import { randomBytes } from 'node:crypto';
import { type Oauth1Credentials, signedHeader } from '../../e2e/support/oauth1-client';
import { CALLBACK, type Oauth2Client, pkcePair } from '../../e2e/support/oauth2-client';
import type { SignedIn } from '../../e2e/support/session-client';
import { GATEWAY_KEY, type Instance } from './deployment';

export type Operation =
  'verify' | 'verify-oauth1' | 'introspect' | 'client-credentials' | 'code-exchange' | 'refresh' | 'propose';

/** One request as the load generator saw it. */
export interface Outcome {
  op: Operation;
  instance: string;
  startedAt: number;
  endedAt: number;
  /** The HTTP status, or the transport error's code when no answer came. */
  status: number | string;
  ok: boolean;
  body?: string;
  /** The jti of an access token issued by a 200 answer. */
  jti?: string;
  /** The key of a consumer proposed by a 201 answer. */
  consumerKey?: string;
}

export interface LoadCredentials {
  user: SignedIn;
  developer: SignedIn & { email: string };
  app: Oauth2Client;
  gateway: Oauth2Client;
  oauth1: Oauth1Credentials;
  bearer: string;
  publicUrl: string;
}

/** Longest a single request may take: past it, it counts as hung (`timeout`). */
export const REQUEST_TIMEOUT_MS = 15_000;
const API = 'https://api.example.com';
const FAULT_MIX: Operation[] = [
  'verify',
  'introspect',
  'client-credentials',
  'verify',
  'code-exchange',
  'verify-oauth1',
  'introspect',
  'client-credentials',
  'verify',
  'propose',
];

/**
 * Steady mixed load from `workers` concurrent loops, each sending one request at a time to the instances it is
 * given in turn, until `stop()`; every loop ends then, and every request is bounded by REQUEST_TIMEOUT_MS.
 */
export class Load {
  readonly outcomes: Outcome[] = [];
  private readonly pending = new Map<string, number>();
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly credentials: LoadCredentials,
    private readonly targets: () => Instance[],
    workers = 6,
    private readonly mix = FAULT_MIX,
  ) {
    for (let worker = 0; worker < workers; worker += 1) {
      this.loops.push(this.loop(worker));
    }
  }

  /** Requests sent to the instance `name` and not yet answered. */
  inFlightOn(name: string): number {
    return this.pending.get(name) ?? 0;
  }

  async stop(): Promise<Outcome[]> {
    this.running = false;
    await Promise.all(this.loops);
    return this.outcomes;
  }

  private async loop(worker: number): Promise<void> {
    for (let step = worker; this.running; step += 1) {
      const targets = this.targets();
      if (targets.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      // Every operation goes to every instance in turn, not always the same one.
      const instance = targets[(step + Math.floor(step / this.mix.length)) % targets.length];
      this.outcomes.push(await this.send(this.mix[step % this.mix.length], instance));
    }
  }

  private async send(op: Operation, instance: Instance): Promise<Outcome> {
    const startedAt = Date.now();
    const done = (status: number | string, ok: boolean, extra: Partial<Outcome> = {}): Outcome => ({
      op,
      instance: instance.name,
      startedAt,
      endedAt: Date.now(),
      status,
      ok,
      ...extra,
    });
    this.pending.set(instance.name, this.inFlightOn(instance.name) + 1);
    try {
      return await OPERATIONS[op](this.credentials, instance.url, done);
    } catch (error) {
      return done(transportError(error), false);
    } finally {
      this.pending.set(instance.name, this.inFlightOn(instance.name) - 1);
    }
  }
}

type Done = (status: number | string, ok: boolean, extra?: Partial<Outcome>) => Outcome;
type Step = (credentials: LoadCredentials, url: string, done: Done) => Promise<Outcome>;

const OPERATIONS: Record<Operation, Step> = {
  verify: async (c, url, done) => {
    const response = await request(`${url}/gateway/verify`, {
      headers: { Authorization: `Bearer ${c.bearer}`, 'X-Gateway-Key': GATEWAY_KEY },
    });
    return done(response.status, response.status === 200, { body: response.body });
  },
  'verify-oauth1': async (c, url, done) => {
    const target = `/v1/pages?n=${randomBytes(4).toString('hex')}`;
    const response = await request(`${url}/gateway/verify`, {
      headers: {
        Authorization: signedHeader(API, c.oauth1, { method: 'GET', target }),
        'X-Original-Method': 'GET',
        'X-Original-URI': target,
        'X-Forwarded-Host': 'api.example.com',
        'X-Forwarded-Proto': 'https',
        'X-Gateway-Key': GATEWAY_KEY,
      },
    });
    return done(response.status, response.status === 200, { body: response.body });
  },
  introspect: async (c, url, done) => {
    const response = await form(`${url}/oauth2/introspect`, { token: c.bearer }, c.gateway);
    return done(response.status, response.status === 200 && response.body.includes('"active":true'), {
      body: response.body,
    });
  },
  'client-credentials': async (c, url, done) => {
    const response = await form(`${url}/oauth2/token`, { grant_type: 'client_credentials' }, c.gateway);
    return done(response.status, response.status === 200, { body: response.body, jti: jtiOf(response) });
  },
  'code-exchange': async (c, url, done) => {
    const { step, answer } = await codeFlow(c, url);
    return step === 'authorize' ? done(answer.status, false, { body: answer.body }) : finished(answer, done);
  },
  /** A grant of its own (the code flow), then its refresh token redeemed; the refresh is what the outcome shows. */
  refresh: async (c, url, done) => {
    const { step, answer } = await codeFlow(c, url);
    if (step === 'authorize' || answer.status !== 200) {
      return done(answer.status, false, { body: `code flow: ${answer.body}` });
    }
    const { refresh_token } = JSON.parse(answer.body) as { refresh_token: string };
    return finished(await refreshTokens(c, url, refresh_token), done);
  },
  propose: async (c, url, done) => {
    const name = `Fault load ${randomBytes(6).toString('hex')}`;
    const response = await request(`${url}/api/consumers`, {
      method: 'POST',
      headers: {
        Cookie: cookieOf(c.developer),
        'X-CSRF-Token': c.developer.csrfToken,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        oauthVersion: 2,
        name,
        version: '1.0',
        description: 'proposed under load',
        email: c.developer.email,
        grants: ['basic'],
        callbackUrl: CALLBACK,
        oauth2IsConfidential: true,
      }),
    });
    const consumerKey =
      response.status === 201
        ? (JSON.parse(response.body) as { consumer: { consumerKey: string } }).consumer.consumerKey
        : undefined;
    return done(response.status, response.status === 201, { body: response.body, consumerKey });
  },
};

/**
 * The authorization (with the user's session) and the code exchange with PKCE: the token endpoint's answer, or the
 * authorization's when it gave no code.
 */
export async function codeFlow(
  c: LoadCredentials,
  url: string,
): Promise<{ step: 'authorize' | 'token'; answer: Answer }> {
  const authorized = await authorizeCode(c, url);
  if (!('code' in authorized)) {
    return { step: 'authorize', answer: authorized };
  }
  return { step: 'token', answer: await exchangeCode(c, url, authorized) };
}

/** An authorization code (with its PKCE verifier) for the user's session, or the answer that gave none. */
export async function authorizeCode(
  c: LoadCredentials,
  url: string,
): Promise<{ code: string; verifier: string } | Answer> {
  const { verifier, challenge } = pkcePair();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: c.app.clientId,
    redirect_uri: CALLBACK,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const authorized = await request(`${url}/oauth2/authorize?${query.toString()}`, {
    headers: { Cookie: cookieOf(c.user) },
  });
  const code = authorized.location ? new URL(authorized.location, url).searchParams.get('code') : null;
  if (!code) {
    return { status: authorized.status, body: `authorize: ${authorized.body.slice(0, 300)}` };
  }
  return { code, verifier };
}

export function exchangeCode(
  c: LoadCredentials,
  url: string,
  { code, verifier }: { code: string; verifier: string },
): Promise<Answer> {
  return form(
    `${url}/oauth2/token`,
    { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: CALLBACK },
    c.app,
  );
}

export function refreshTokens(c: LoadCredentials, url: string, refreshToken: string): Promise<Answer> {
  return form(`${url}/oauth2/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, c.app);
}

/** Whether introspection (RFC 7662 §2.2) calls the token active (the app introspects its own), or its error status. */
export async function isActive(c: LoadCredentials, url: string, token: string): Promise<boolean | number> {
  const answer = await form(`${url}/oauth2/introspect`, { token }, c.app);
  return answer.status === 200 ? (JSON.parse(answer.body) as { active: boolean }).active : answer.status;
}

/** A token answer as an outcome: ok on 200, with the issued access token's jti. */
function finished(response: Answer, done: Done): Outcome {
  return done(response.status, response.status === 200, { body: response.body, jti: jtiOf(response) });
}

export interface Answer {
  status: number;
  body: string;
  location?: string;
}

async function request(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return {
    status: response.status,
    body: await response.text(),
    location: response.headers.get('location') ?? undefined,
  };
}

function form(url: string, fields: Record<string, string>, client: Oauth2Client): Promise<Answer> {
  return request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.clientId, client_secret: client.secret ?? '', ...fields }).toString(),
  });
}

/** The session cookie of a signed-in supertest agent, as a browser would send it. */
export function cookieOf(signedIn: SignedIn): string {
  const cookies = signedIn.agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

function jtiOf(answer: Answer): string | undefined {
  if (answer.status !== 200) {
    return undefined;
  }
  const token = (JSON.parse(answer.body) as { access_token: string }).access_token;
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { jti: string }).jti;
}

/** `timeout` for a request past REQUEST_TIMEOUT_MS, else the socket error's code (ECONNREFUSED, ECONNRESET, …). */
export function transportError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'timeout';
  }
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error instanceof Error ? error.name : 'error');
}

/** Counts per (op, status), the figures a scenario reports. */
export function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = `${outcome.op} ${outcome.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
