import { type Server, createServer } from 'node:http';
import { freePort } from './test-environment';

/** A span as OTLP/HTTP's JSON encoding carries it, with the name of the instrumentation that made it. */
export interface ReceivedSpan {
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

interface ExportTraceServiceRequest {
  resourceSpans?: {
    scopeSpans?: {
      scope?: { name?: string };
      spans?: (Omit<ReceivedSpan, 'scope' | 'attributes'> & { attributes?: { key: string; value: OtlpValue }[] })[];
    }[];
  }[];
}

/**
 * An OpenTelemetry collector's OTLP/HTTP trace endpoint (`POST /v1/traces`) on 127.0.0.1, for the JSON encoding
 * (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json`). It keeps every span and the raw bodies, which a test can search
 * for what must never be exported.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly bodies: string[] = [];
  private server?: Server;

  private constructor(readonly port: number) {}

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver(await freePort());
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (
          request.method !== 'POST' ||
          request.url !== '/v1/traces' ||
          !request.headers['content-type']?.includes('json')
        ) {
          response.writeHead(415).end();
          return;
        }
        receiver.receive(body);
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(receiver.port, '127.0.0.1', resolve);
    });
    receiver.server = server;
    return receiver;
  }

  get tracesUrl(): string {
    return `http://127.0.0.1:${this.port}/v1/traces`;
  }

  /** Resolves with the first span that `matches`, once it has been exported (the test's timeout bounds the wait). */
  async waitForSpan(matches: (span: ReceivedSpan) => boolean): Promise<ReceivedSpan> {
    for (;;) {
      const found = this.spans.find(matches);
      if (found) {
        return found;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Every span under `root` in its trace, children and their children. */
  descendantsOf(root: ReceivedSpan): ReceivedSpan[] {
    const found: ReceivedSpan[] = [];
    let parents = new Set([root.spanId]);
    while (parents.size > 0) {
      const children = this.spans.filter(
        (span) => span.traceId === root.traceId && span.parentSpanId !== undefined && parents.has(span.parentSpanId),
      );
      found.push(...children);
      parents = new Set(children.map((span) => span.spanId));
    }
    return found;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    }
  }

  private receive(body: string): void {
    this.bodies.push(body);
    const request = JSON.parse(body) as ExportTraceServiceRequest;
    for (const resource of request.resourceSpans ?? []) {
      for (const scopeSpans of resource.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          const attributes = Object.fromEntries(
            (span.attributes ?? []).map(({ key, value }) => [
              key,
              value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue,
            ]),
          );
          this.spans.push({
            scope: scopeSpans.scope?.name ?? '',
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind: span.kind,
            attributes,
          });
        }
      }
    }
  }
}
