import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request to the callback address, as the app's server saw it. */
export interface ReceivedCallback {
  method: string;
  contentType: string;
  /** The query of a GET, the decoded form of a POST. */
  parameters: URLSearchParams;
}

/**
 * A web app's callback on a port of its own that records what arrives there, by query or by form post (OAuth 2.0
 * Form Post Response Mode), and answers with a short page, so the browser really lands there.
 */
export interface FormPostReceiver {
  /** `http://127.0.0.1:<port>/callback` */
  url: string;
  received: ReceivedCallback[];
  close: () => Promise<void>;
}

export async function startFormPostReceiver(): Promise<FormPostReceiver> {
  const received: ReceivedCallback[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      // what the browser asks for on its own (a favicon) is not an answer to the app
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: request.method ?? '',
        contentType: request.headers['content-type'] ?? '',
        parameters: request.method === 'POST' ? new URLSearchParams(body) : url.searchParams,
      });
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>App</title><h1>The app received the answer</h1>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Chromium keeps its connections alive; they would hold the server open.
        server.closeAllConnections();
      }),
  };
}
