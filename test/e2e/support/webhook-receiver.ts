import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { freePort } from './test-environment';

/** One POST as the receiver saw it, with the signature checked against the shared secret. */
export interface ReceivedRequest {
  path: string;
  /** When it arrived (ms since the epoch). */
  at: number;
  deliveryId: number;
  event: string;
  contentType: string;
  body: string;
  signatureValid: boolean;
  /** What the receiver answered; `hang` when it never did. */
  answer: number | 'hang';
}

/** How to answer the n-th request (1-based): a status code (3xx ones point to `/elsewhere`), or `hang`. */
export type Answering = (n: number, request: ReceivedRequest) => number | 'hang';

/**
 * A webhook receiver on 127.0.0.1 with a port chosen up front, so the service can be pointed at it while it
 * is still down. It records every request; `delivered` are the ones it accepted (2xx).
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  answering: Answering = () => 200;
  /** How long each answer takes, to make concurrent senders overlap. */
  latencyMs = 0;
  private server?: Server;

  private constructor(
    readonly port: number,
    private readonly secret: string,
  ) {}

  static async create(secret: string): Promise<WebhookReceiver> {
    return new WebhookReceiver(await freePort(), secret);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/gatehouse`;
  }

  get delivered(): ReceivedRequest[] {
    return this.requests.filter((request) => typeof request.answer === 'number' && request.answer < 300);
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  /** Closes the port, dropping kept-alive and hanging connections too. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Waits until `count` requests were accepted. */
  async waitForDelivered(count: number, timeoutMs = 20_000): Promise<ReceivedRequest[]> {
    await waitUntil(() => this.delivered.length >= count, timeoutMs, `${count} deliveries`);
    return this.delivered;
  }

  async waitForRequests(count: number, timeoutMs = 20_000): Promise<ReceivedRequest[]> {
    await waitUntil(() => this.requests.length >= count, timeoutMs, `${count} requests`);
    return this.requests;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const received: ReceivedRequest = {
      path: request.url ?? '',
      at: Date.now(),
      deliveryId: Number(request.headers['x-gatehouse-delivery']),
      event: String(request.headers['x-gatehouse-event']),
      contentType: String(request.headers['content-type']),
      body,
      signatureValid: this.verify(body, request.headers['x-gatehouse-signature']),
      answer: 200,
    };
    received.answer = this.answering(this.requests.length + 1, received);
    this.requests.push(received);
    if (received.answer === 'hang') {
      return;
    }
    await sleep(this.latencyMs);
    response.writeHead(received.answer, { 'Content-Type': 'text/plain', Location: '/elsewhere' }).end('ok');
  }

  private verify(body: string, header: string | string[] | undefined): boolean {
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`);
    const given = Buffer.from(typeof header === 'string' ? header : '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
