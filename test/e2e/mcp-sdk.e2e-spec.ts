import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { rmSync } from 'node:fs';
import supertest from 'supertest';
import { t } from '../../src/common/messages/catalogue';
import type { DynamicRegistrationMode } from '../../src/config/app-config';
import { DocumentHost, json } from './support/client-metadata-host';
import { RecordingOAuthProvider } from './support/mcp-oauth-provider';
import { type McpTestServer, type Whoami, startMcpServer } from './support/mcp-server';
import { NginxProcess, documentedNginxConfig } from './support/nginx-gateway';
import { type Oauth2Client, authorize, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { freePort, temporaryDirectory } from './support/test-environment';
import { createSignedInUser } from './support/users';

const GATEWAY_KEY = 'mcp-gateway-key-for-the-tests-0123456789';
/** The agent's loopback redirect URI (RFC 8252 §7.3); nothing listens there, the test reads the 303. */
const AGENT_CALLBACK = 'http://127.0.0.1:47311/callback';

/** Gatehouse with its gateway, two MCP servers behind Debian nginx running docs/gateways/nginx.conf. */
interface McpStack {
  gatehouse: TestApp;
  nginxUrl: string;
  /** The MCP server the agent uses, and a second one; both are PROTECTED_RESOURCES. */
  tools: string;
  files: string;
  close: () => Promise<void>;
}

async function startMcpStack(mode: DynamicRegistrationMode, env: Record<string, string> = {}): Promise<McpStack> {
  const gatewayPort = await freePort();
  const nginxPort = await freePort();
  const nginxUrl = `http://127.0.0.1:${nginxPort}`;
  // Under the documented `location /mcp/`: the gateway tells them apart by the longest resource URL a request is under.
  const tools = `${nginxUrl}/mcp/tools`;
  const files = `${nginxUrl}/mcp/files`;
  const stopping: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of stopping.reverse()) {
      await stop();
    }
  };
  try {
    const gatehouse = await startTestApp({
      env: {
        GATEWAY_PORT: String(gatewayPort),
        GATEWAY_KEYS: GATEWAY_KEY,
        TRUST_PROXY: 'loopback',
        PROTECTED_RESOURCES: JSON.stringify([
          { resource: tools, name: 'MCP tools', grants: ['basic'] },
          { resource: files, name: 'MCP files', grants: ['basic'] },
        ]),
        DYNAMIC_REGISTRATION: mode,
        // Agents may reach the tools server without review, never the files server.
        DYNAMIC_REGISTRATION_GRANTS: `basic,${tools}`,
        ...env,
      },
    });
    stopping.push(() => gatehouse.close());
    const mcp: McpTestServer = await startMcpServer(['/mcp/tools', '/mcp/files']);
    stopping.push(() => mcp.close());
    const nginx = await NginxProcess.start(
      documentedNginxConfig({
        port: nginxPort,
        gatehousePort: gatewayPort,
        gatehouseMainPort: Number(new URL(gatehouse.url).port),
        apiPort: mcp.port,
        gatewayKey: GATEWAY_KEY,
      }),
      nginxPort,
    );
    stopping.push(() => nginx.stop());
    return { gatehouse, nginxUrl, tools, files, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const agentInfo = { name: 'gatehouse-test-agent', version: '1.0.0' };

/** Connects the SDK client to `url` with the agent's OAuth state, as an agent does on each start. */
async function connect(url: string, provider: RecordingOAuthProvider): Promise<Client> {
  const client = new Client(agentInfo);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
  return client;
}

/**
 * The agent's first start without tokens: 401, discovery, registration and the authorization URL handed to the
 * "browser" (recorded); the SDK then stops with UnauthorizedError. Answers the transport, which finishes the flow.
 */
async function startUnauthorized(
  url: string,
  provider: RecordingOAuthProvider,
): Promise<StreamableHTTPClientTransport> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await expect(new Client(agentInfo).connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  return transport;
}

/** The user opens the authorization URL the agent produced and allows on the consent page; answers the code. */
async function allowAsUser(user: SignedIn, authorizationUrl: URL): Promise<string> {
  const redirect = await authorize(user, Object.fromEntries(authorizationUrl.searchParams));
  expect(`${redirect.origin}${redirect.pathname}`).toBe(AGENT_CALLBACK);
  expect(redirect.searchParams.get('state')).toBe(authorizationUrl.searchParams.get('state'));
  const code = redirect.searchParams.get('code');
  if (!code) {
    throw new Error(`no code in ${redirect.toString()}`);
  }
  return code;
}

async function whoami(client: Client): Promise<Whoami> {
  const result = await client.callTool({ name: 'whoami' });
  const [content] = result.content as { type: string; text: string }[];
  return JSON.parse(content.text) as Whoami;
}

/**
 * Issue 23, "How it is checked": the unmodified MCP TypeScript SDK, client and server, against Gatehouse with nginx
 * `auth_request` in front of the MCP servers. The servers hold no OAuth code; the client follows the MCP authorization
 * specification (RFC 9728 discovery, RFC 8414 metadata, RFC 7591 registration, PKCE, RFC 8707 `resource`).
 * `npm test` installs nginx where it may and skips this only where it cannot (never under CI).
 */
describe.skipIf(missingComponent('nginx'))('The MCP TypeScript SDK against Gatehouse behind nginx', () => {
  describe('DYNAMIC_REGISTRATION=open', () => {
    let stack: McpStack;
    let user: SignedIn;
    let introspector: Oauth2Client;

    beforeAll(async () => {
      stack = await startMcpStack('open');
      const admin = await signIn(stack.gatehouse, ADMIN.username, ADMIN.password);
      const operator = await createSignedInUser(stack.gatehouse, 'Mcpoperator');
      user = await createSignedInUser(stack.gatehouse, 'Mcpuser');
      introspector = await registerOauth2Client(operator, admin, {
        name: 'MCP token inspector',
        grants: ['basic', 'introspect'],
        grantTypes: ['client_credentials'],
      });
    });

    afterAll(async () => {
      await stack?.close();
    });

    it('registers, is authorized by the user, calls the tool with a token for that server only, and starts over once the grant is revoked', async () => {
      const provider = new RecordingOAuthProvider(AGENT_CALLBACK);
      const transport = await startUnauthorized(stack.tools, provider);

      // Registered at once (open), within DYNAMIC_REGISTRATION_GRANTS, with the tools server as its resource.
      const clientId = provider.clientInformation()?.client_id as string;
      expect(clientId).toMatch(/^[0-9a-f]{32}$/);
      const [first] = provider.authorizationUrls;
      expect(`${first.origin}${first.pathname}`).toBe(`${stack.gatehouse.url}/oauth2/authorize`);
      expect(Object.fromEntries(first.searchParams)).toMatchObject({
        client_id: clientId,
        resource: stack.tools,
        scope: 'basic',
        code_challenge_method: 'S256',
      });

      await transport.finishAuth(await allowAsUser(user, first));
      const client = await connect(stack.tools, provider);
      // The gateway let the call through for the user, and told the server it is the token's audience.
      expect(await whoami(client)).toEqual({ path: '/mcp/tools', user: 'Mcpuser', audience: stack.tools });

      const accessToken = provider.tokens()?.access_token as string;
      const introspected = await postForm(
        stack.gatehouse,
        '/oauth2/introspect',
        { token: accessToken },
        introspector,
      ).expect(200);
      expect(introspected.body).toMatchObject({ active: true, aud: stack.tools, client_id: clientId });

      // RFC 8707: a token for the tools server is no token for the files server (RFC 9728 §5.1 names its metadata).
      const elsewhere = await supertest(stack.nginxUrl)
        .post('/mcp/files')
        .set('Authorization', `Bearer ${accessToken}`)
        .set('Accept', 'application/json, text/event-stream')
        .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' })
        .expect(401);
      expect(elsewhere.headers['www-authenticate']).toContain(
        `resource_metadata="${stack.gatehouse.url}/.well-known/oauth-protected-resource/mcp/files"`,
      );

      // The user revokes the agent on "My grants": the very next call is refused, the refresh token is dead too, so
      // the SDK drops its tokens and starts a new authorization with the registration it has.
      const grants = (await user.agent.get('/api/me/grants').expect(200)).body as {
        id: number;
        consumer: { consumerKey: string };
      }[];
      const grant = grants.find((entry) => entry.consumer.consumerKey === clientId);
      expect(grant, 'the agent on My grants').toBeDefined();
      await user.agent.delete(`/api/me/grants/${grant?.id}`).set('X-CSRF-Token', user.csrfToken).expect(204);
      await expect(whoami(client)).rejects.toBeInstanceOf(UnauthorizedError);
      expect(provider.tokens()).toBeUndefined();
      expect(provider.authorizationUrls).toHaveLength(2);
      const second = provider.authorizationUrls[1];
      expect(second.searchParams.get('client_id')).toBe(clientId);

      // Allowed again, the agent is back.
      const again = new StreamableHTTPClientTransport(new URL(stack.tools), { authProvider: provider });
      await again.finishAuth(await allowAsUser(user, second));
      const reconnected = await connect(stack.tools, provider);
      expect(await whoami(reconnected)).toMatchObject({ user: 'Mcpuser', audience: stack.tools });
      await reconnected.close();
      await client.close();
    });
  });

  describe('DYNAMIC_REGISTRATION=open, the agent known by its Client ID Metadata Document', () => {
    const host = new DocumentHost();
    const directory = temporaryDirectory();
    let stack: McpStack;
    let user: SignedIn;

    beforeAll(async () => {
      await host.start(directory);
      stack = await startMcpStack('open', {
        // The document host of the test, named exactly: loopback addresses are refused unless named.
        CLIENT_METADATA_HOSTS: `127.0.0.1:${new URL(host.base).port}`,
        CLIENT_METADATA_CA_FILE: host.caFile,
      });
      user = await createSignedInUser(stack.gatehouse, 'Mcpdocumentuser');
    });

    afterAll(async () => {
      await stack?.close();
      await host.stop();
      rmSync(directory, { recursive: true, force: true });
    });

    it('uses its document URL as client_id without registering, and calls the tool once the user allows', async () => {
      const documentUrl = host.serve(
        '/agents/mcp-test-agent.json',
        json({
          client_name: 'MCP test agent (document)',
          redirect_uris: [AGENT_CALLBACK],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
        }),
      );
      const provider = new RecordingOAuthProvider(AGENT_CALLBACK, documentUrl);
      const transport = await startUnauthorized(stack.tools, provider);

      // The metadata said client_id_metadata_document_supported: no registration, the URL is the client_id.
      expect(provider.clientInformation()?.client_id).toBe(documentUrl);
      const [authorizationUrl] = provider.authorizationUrls;
      expect(authorizationUrl.searchParams.get('client_id')).toBe(documentUrl);
      expect(authorizationUrl.searchParams.get('resource')).toBe(stack.tools);

      await transport.finishAuth(await allowAsUser(user, authorizationUrl));
      expect(host.asked('/agents/mcp-test-agent.json')).toBeGreaterThan(0);
      const client = await connect(stack.tools, provider);
      expect(await whoami(client)).toEqual({ path: '/mcp/tools', user: 'Mcpdocumentuser', audience: stack.tools });
      await client.close();
    });
  });

  describe('DYNAMIC_REGISTRATION=review', () => {
    let stack: McpStack;
    let user: SignedIn;
    let admin: SignedIn;

    beforeAll(async () => {
      stack = await startMcpStack('review');
      admin = await signIn(stack.gatehouse, ADMIN.username, ADMIN.password);
      user = await createSignedInUser(stack.gatehouse, 'Mcpreviewuser');
    });

    afterAll(async () => {
      await stack?.close();
    });

    it('shows the user the awaiting-review page until an admin approves, then completes the flow', async () => {
      const provider = new RecordingOAuthProvider(AGENT_CALLBACK);
      const transport = await startUnauthorized(stack.tools, provider);
      const clientId = provider.clientInformation()?.client_id as string;
      const [authorizationUrl] = provider.authorizationUrls;
      const path = `${authorizationUrl.pathname}${authorizationUrl.search}`;

      const waiting = await user.agent.get(path).expect(403);
      expect(waiting.text).toContain(t('authorize-review.title'));
      expect(waiting.headers.location).toBeUndefined();

      // The reviewer sees the resource the agent would reach, with its grants.
      const review = await admin.agent.get(`/admin/consumers/${clientId}`).expect(200);
      expect(review.text).toContain(stack.tools);
      await admin.agent
        .post(`/api/admin/consumers/${clientId}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'A known agent' })
        .expect(200);

      await transport.finishAuth(await allowAsUser(user, authorizationUrl));
      const client = await connect(stack.tools, provider);
      expect(await whoami(client)).toEqual({ path: '/mcp/tools', user: 'Mcpreviewuser', audience: stack.tools });
      await client.close();
    });
  });
});
