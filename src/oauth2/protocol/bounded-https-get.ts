import type { IncomingHttpHeaders } from 'node:http';
import { type RequestOptions, get } from 'node:https';

/** One GET of a document a client names (its `jwks_uri`, its metadata document), bounded in size and time. */
export interface BoundedGet {
  accept: string;
  maxBytes: number;
  timeoutMs: number;
  /** Trusted certificates, when more than the system's. */
  ca?: string[];
  /** Resolves the host, and may refuse the addresses it finds (the connection goes to the address it returns). */
  lookup?: RequestOptions['lookup'];
}

export interface BoundedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body of a 200 answer; empty for any other status, whose body is not read. */
  body: string;
}

/**
 * A GET that follows no redirect (the address the client registered is the only one asked), reads at most
 * `maxBytes`, and gives up on the whole exchange after `timeoutMs`: a host dripping bytes is as down as a silent one.
 */
export function boundedHttpsGet(url: string, options: BoundedGet): Promise<BoundedResponse> {
  let timer: NodeJS.Timeout | undefined;
  const answered = new Promise<BoundedResponse>((resolve, reject) => {
    const request = get(
      url,
      { ca: options.ca, lookup: options.lookup, headers: { accept: options.accept } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          response.resume();
          return resolve({ status, headers: response.headers, body: '' });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            // Settled first: the destroyed request's own errors then change nothing.
            reject(new Error(`larger than ${options.maxBytes} bytes`));
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    timer = setTimeout(() => {
      reject(new Error('timed out'));
      request.destroy();
    }, options.timeoutMs);
    request.on('error', reject);
  });
  return answered.finally(() => clearTimeout(timer));
}
