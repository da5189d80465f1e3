import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the `whoami` tool answers: the identity the gateway put in front of the request. */
export interface Whoami {
  path: string;
  user?: string;
  audience?: string;
}

export interface McpTestServer {
  port: number;
  close: () => Promise<void>;
}

/**
 * MCP servers made with the SDK's own classes (McpServer over StreamableHTTPServerTransport), one at each of `paths`,
 * with one tool, `whoami`. They hold no OAuth code: nginx and Gatehouse's gateway decide before a request gets here,
 * and the tool reports the X-Auth-* headers the gateway set. Stateless (a server and transport per request, as the
 * SDK's stateless example does), answering JSON rather than SSE, so nothing waits on nginx's response buffering.
 */
export async function startMcpServer(paths: string[]): Promise<McpTestServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://mcp.invalid').pathname;
    if (!paths.includes(path)) {
      response.writeHead(404).end();
      return;
    }
    // MCP Streamable HTTP: a server that offers no stream of its own answers GET with 405.
    if (request.method !== 'POST') {
      response.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    serve(path, request, response).catch(() => {
      if (!response.headersSent) {
        response.writeHead(500);
      }
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

async function serve(path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const mcp = new McpServer({ name: `Tools at ${path}`, version: '1.0.0' });
  mcp.registerTool('whoami', { description: 'Who the gateway says the caller is' }, (extra) => {
    const headers = extra.requestInfo?.headers ?? {};
    const whoami: Whoami = {
      path,
      user: headers['x-auth-user'] as string | undefined,
      audience: headers['x-auth-audience'] as string | undefined,
    };
    return { content: [{ type: 'text', text: JSON.stringify(whoami) }] };
  });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  response.on('close', () => void mcp.close());
  await mcp.connect(transport);
  await transport.handleRequest(request, response);
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
