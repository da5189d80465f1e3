import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from '../../support/self-signed-certificate';

/** How the loopback server answers one path: a document (its own URL filled in), or something hostile. */
export type Answer = (self: string, response: ServerResponse) => void;

export const json = (document: Record<string, unknown>, headers: Record<string, string> = {}) =>
  ((self, response) =>
    response
      .writeHead(200, { 'content-type': 'application/json', ...headers })
      .end(JSON.stringify({ client_id: self, ...document }))) as Answer;

/**
 * The https server clients keep their Client ID Metadata Documents on, on 127.0.0.1 with a certificate the service
 * trusts through CLIENT_METADATA_CA_FILE; it counts what it was asked, so a refused client_id can be shown unfetched.
 */
export class DocumentHost {
  readonly requests: string[] = [];
  private readonly answers = new Map<string, Answer>();
  private server?: Server;
  base = '';
  caFile = '';

  async start(directory: string): Promise<void> {
    const tls = selfSignedCertificate(directory);
    this.caFile = tls.certFile;
    this.server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => this.answer(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves `answer` at a new path; answers the client_id that names it. */
  serve(path: string, answer: Answer): string {
    this.answers.set(path, answer);
    return `${this.base}${path}`;
  }

  asked(path: string): number {
    return this.requests.filter((request) => request === path).length;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '/';
    this.requests.push(path);
    const answer = this.answers.get(path);
    if (!answer) {
      return void response.writeHead(404).end();
    }
    answer(`${this.base}${path}`, response);
  }
}
