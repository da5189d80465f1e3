import { connect } from 'node:net';

/** A request as bytes on the wire: nothing is validated or encoded, so it can carry what no client would send. */
export interface RawRequest {
  method: string;
  /** The request-target, sent as given (invalid UTF-8 and NUL included). */
  target: string | Buffer;
  /** Header lines in order; a name may repeat. */
  headers: [string, string | Buffer][];
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  /** Everything after the status line: headers and body as received (chunked framing left in). */
  text: string;
}

const CRLF = '\r\n';
/** A bound per request, so a hung answer fails the suite instead of hanging it; no assertion depends on timing. */
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * Sends one request over a fresh connection and reads the answer until the server closes it (`Connection: close`),
 * so any byte sequence can be sent and the whole answer, framing and all, is checked. The status is 0 when the
 * server closed the connection without answering (Node's HTTP parser does that for some malformed requests).
 */
export function rawRequest(url: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const head = Buffer.concat([
    Buffer.from(`${request.method} `, 'latin1'),
    Buffer.from(request.target),
    Buffer.from(` HTTP/1.1${CRLF}Host: ${hostname}:${port}${CRLF}Connection: close${CRLF}`, 'latin1'),
    ...request.headers.map(([name, value]) =>
      Buffer.concat([Buffer.from(`${name}: `), Buffer.from(value), Buffer.from(CRLF)]),
    ),
    Buffer.from(body === undefined ? '' : `Content-Length: ${body.length}${CRLF}`),
    Buffer.from(CRLF),
  ]);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname);
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => {
      socket.destroy();
      reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms: ${request.method} ${String(request.target)}`));
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server may close (or reset) as soon as it has refused the head, before the body is written.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      const received = Buffer.concat(chunks).toString('utf8');
      const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      resolve({ status: statusLine ? Number(statusLine[1]) : 0, text: received });
    });
    socket.write(body ? Buffer.concat([head, body]) : head);
  });
}
