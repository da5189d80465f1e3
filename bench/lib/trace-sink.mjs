// A local OTLP/HTTP trace sink for `--tracing`: the service exports its spans here as it would to a collector
// (protobuf, the SDK's default protocol), and the sink answers 200 and throws them away, counting what it got.
import { createServer } from 'node:http';
import { freePort } from './pinned-process.mjs';

/**
 * Starts the sink on 127.0.0.1; `cleanups` gets its stop. Answers the `OTEL_*` variables that point a service at it
 * and `received()`, the export requests and bytes so far (to show that spans did flow).
 */
export async function startTraceSink(cleanups) {
  const port = await freePort();
  let requests = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk) => (bytes += chunk.length));
    request.on('end', () => {
      requests += 1;
      response.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return {
    env: {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
      OTEL_SERVICE_NAME: 'gatehouse-bench',
    },
    received: () => ({ requests, bytes }),
  };
}
