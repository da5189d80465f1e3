import type { IncomingMessage, ServerResponse } from 'node:http';
import { Oauth2Error } from '../oauth2/oauth2-error';
import type { ProtocolRequest } from '../oauth2/protocol/protocol-request';
import { InputRefusedException } from '../common/http/input-refused.exception';
import { INPUT_LIMITS } from '../common/http/input-limits';

/** The main port's limit for protocol forms. */
const MAX_BODY_BYTES = INPUT_LIMITS.protocolFormBytes;

/**
 * The body as text. Past the limit it is refused with 413 `invalid_request` (RFC 9110 §15.5.14, RFC 6749 §5.2) and
 * `Connection: close`, but only once the rest has been read and thrown away, as the main port's body parser does: a
 * server that stops reading and closes the connection makes the client's side see a reset, and the client never
 * reads the answer. Nothing past the limit is kept, so memory stays bounded.
 */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      } else {
        chunks.length = 0;
      }
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(tooLarge());
        return;
      }
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function tooLarge(): Oauth2Error {
  return new Oauth2Error('invalid_request', 'The request body is too large', {
    status: 413,
    headers: { Connection: 'close' },
  });
}

/** A parsed form as Express's `urlencoded({ extended: false })` makes it, from the client at `ip`. */
export function protocolRequest(request: IncomingMessage, url: URL, body: string, ip: string): ProtocolRequest {
  const contentType = request.headers['content-type'] ?? '';
  const form = contentType.startsWith('application/x-www-form-urlencoded') ? collect(new URLSearchParams(body)) : {};
  return {
    query: collect(url.searchParams),
    body: form,
    header: (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    is: (type) => (contentType.split(';')[0].trim() === type ? type : false),
    path: url.pathname,
    ip,
  };
}

/** Repeated names become arrays; past INPUT_LIMITS.formParameters fields the request is refused, as on the main port. */
function collect(parameters: URLSearchParams): Record<string, string | string[]> {
  const collected: Record<string, string | string[]> = {};
  let fields = 0;
  for (const [name, value] of parameters) {
    if (++fields > INPUT_LIMITS.formParameters) {
      throw InputRefusedException.fromParserError({ type: 'parameters.too.many' });
    }
    const existing = collected[name];
    collected[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return collected;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}
