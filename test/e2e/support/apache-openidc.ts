import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { temporaryDirectory } from './test-environment';

/** Debian's Apache (package `apache2`) and its modules, with `libapache2-mod-auth-openidc`'s among them. */
const APACHE_BINARY = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const ERROR_LOG = 'error.log';

/** The web app's pages, behind `AuthType openid-connect` (the module as a relying party). */
export const APP_PATH = '/app/';
/** The API, behind `AuthType oauth20` (the module as a resource server, asking Gatehouse's RFC 7662 endpoint). */
export const API_PATH = '/api/';
/**
 * The module's own vanity URL under the protected location: the OP's redirect target, and (with `?logout=`) where
 * the module's logout starts.
 */
const REDIRECT_PATH = `${APP_PATH}redirect_uri`;

export interface ApacheOpenidcOptions {
  /** Where Apache listens, on 127.0.0.1. */
  port: number;
  /** The small app Apache proxies to. */
  upstreamPort: number;
  /** Gatehouse's PUBLIC_URL, the issuer. */
  issuer: string;
  /** The relying party: a confidential client holding `openid profile email`, its callback `redirectUri(port)`. */
  relyingParty: { clientId: string; secret: string };
  /** The resource server: a confidential client holding `introspect` (DESIGN §11). */
  resourceServer: { clientId: string; secret: string };
  cryptoPassphrase: string;
}

/** The redirect URI the module uses, to be registered as the consumer's callback URL (compared exactly). */
export function redirectUri(port: number): string {
  return `http://127.0.0.1:${port}${REDIRECT_PATH}`;
}

/**
 * The server configuration for mod_auth_openidc, as its documentation (Debian's mods-available/auth_openidc.conf)
 * describes each directive, over an issuer on plain http at 127.0.0.1.
 */
export function apacheOpenidcConfig(options: ApacheOpenidcOptions): string {
  const upstream = `http://127.0.0.1:${options.upstreamPort}`;
  return `
OIDCProviderMetadataURL ${options.issuer}/.well-known/openid-configuration
OIDCClientID ${options.relyingParty.clientId}
OIDCClientSecret ${options.relyingParty.secret}
OIDCRedirectURI ${redirectUri(options.port)}
OIDCCryptoPassphrase ${options.cryptoPassphrase}
OIDCScope "openid profile email"
# OAuth 2.0 Security BCP (RFC 9700 §2.1.1): PKCE for confidential clients too; the module sends none by default.
OIDCPKCEMethod S256
OIDCRemoteUserClaim preferred_username
# REMOTE_USER, for the app behind the proxy
OIDCAuthNHeader X-Remote-User

# The module takes OIDCOAuthIntrospectionEndpoint only as an https URL; from RFC 8414 metadata it takes http too.
OIDCOAuthServerMetadataURL ${options.issuer}/.well-known/oauth-authorization-server
OIDCOAuthClientID ${options.resourceServer.clientId}
OIDCOAuthClientSecret ${options.resourceServer.secret}
# DESIGN §11: introspection callers are confidential clients authenticating with HTTP Basic (RFC 7662 §2.1).
OIDCOAuthIntrospectionEndpointAuth client_secret_basic
OIDCOAuthRemoteUserClaim username
# By default the module caches an introspection answer until the token's exp, so a revoked token would keep
# working here until then; -1 asks Gatehouse on every request (RFC 7662 §4 leaves caching to the resource server).
OIDCOAuthTokenIntrospectionInterval -1

<Location ${APP_PATH}>
    AuthType openid-connect
    Require valid-user
</Location>
<Location ${API_PATH}>
    AuthType oauth20
    Require valid-user
</Location>
ProxyPass ${APP_PATH} ${upstream}${APP_PATH}
ProxyPass ${API_PATH} ${upstream}${API_PATH}
`;
}

/**
 * A throwaway Apache (one server process in the foreground, `-DFOREGROUND`) on its own generated configuration:
 * modules loaded explicitly from Debian's module directory, pid file, mutexes and runtime files in its own
 * directory, so nothing of /etc/apache2 or systemd is used. Its error log (auth_openidc at debug) is kept for
 * the failure messages.
 */
export class ApacheProcess {
  private output = '';
  private running = true;
  /** Settles when the process is gone, or never started (`error` without `exit`). */
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
  ) {
    const keep = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      const gone = (reason: string) => {
        this.running = false;
        this.output += `\n(apache2 ${reason})`;
        resolve();
      };
      child.once('exit', (code, signal) => gone(`exited: ${signal ?? code}`));
      child.once('error', (error) => gone(`failed: ${error.message}`));
    });
  }

  /** Starts Apache with `siteConfig` (server-context directives) and waits until `port` accepts connections. */
  static async start(siteConfig: string, port: number): Promise<ApacheProcess> {
    const directory = temporaryDirectory();
    // Run as root, Apache serves as `nobody`, which must reach the mutex files it keeps here.
    chmodSync(directory, 0o755);
    writeFileSync(join(directory, 'apache2.conf'), serverConfig(directory, port, siteConfig));
    const child = spawn(APACHE_BINARY, ['-f', join(directory, 'apache2.conf'), '-DFOREGROUND'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const apache = new ApacheProcess(child, directory);
    try {
      await apache.waitUntilListening(port);
    } catch (error) {
      await apache.stop();
      throw error;
    }
    return apache;
  }

  /** What Apache logged so far: its error log (auth_openidc at debug), then what it wrote before opening it. */
  log(): string {
    const errorLog = join(this.directory, ERROR_LOG);
    return `${existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''}${this.output}`;
  }

  /** Graceful stop (SIGWINCH lets requests finish), then SIGKILL if it lingers; removes the directory. */
  async stop(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGWINCH');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async waitUntilListening(port: number): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await accepts(port))) {
      if (!this.running || Date.now() > deadline) {
        throw new Error(`apache2 did not start listening on 127.0.0.1:${port}:\n${this.log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The whole apache2.conf: one small event-MPM process, the modules this needs, `siteConfig`. */
function serverConfig(directory: string, port: number, siteConfig: string): string {
  const modules = [
    ['mpm_event_module', 'mod_mpm_event.so'],
    ['authn_core_module', 'mod_authn_core.so'],
    ['authz_core_module', 'mod_authz_core.so'],
    ['authz_user_module', 'mod_authz_user.so'],
    ['proxy_module', 'mod_proxy.so'],
    ['proxy_http_module', 'mod_proxy_http.so'],
    ['auth_openidc_module', 'mod_auth_openidc.so'],
  ];
  return [
    `ServerRoot "${directory}"`,
    'ServerName 127.0.0.1',
    `Listen 127.0.0.1:${port}`,
    `PidFile "${join(directory, 'apache2.pid')}"`,
    `DefaultRuntimeDir "${directory}"`,
    `Mutex file:${directory} default`,
    ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
    ...modules.map(([name, file]) => `LoadModule ${name} ${join(MODULES, file)}`),
    // Two cores are shared with the app, Chromium and other tests: one server process with a few threads.
    'StartServers 1',
    'ServerLimit 1',
    'ThreadLimit 16',
    'ThreadsPerChild 16',
    'MaxRequestWorkers 16',
    'MinSpareThreads 1',
    'MaxSpareThreads 16',
    // A file: Node's stdio pipes are sockets, which /dev/stderr cannot be opened on.
    `ErrorLog "${join(directory, ERROR_LOG)}"`,
    'LogLevel warn auth_openidc:debug',
    siteConfig,
  ].join('\n');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** What the upstream received behind Apache, as its answers show it. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * The small app behind Apache. Under APP_PATH it answers a page greeting the user the module passed on (the
 * `OIDC_CLAIM_preferred_username` header and REMOTE_USER as `X-Remote-User`); under API_PATH it answers with what
 * it received, as JSON. Every request is kept in `received`.
 */
export async function startUpstream(): Promise<{ server: Server; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const seen: Received = { method: request.method ?? '', url: request.url ?? '', headers: request.headers };
    received.push(seen);
    if (seen.url.startsWith(API_PATH)) {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(seen));
      return;
    }
    const claim = escapeHtml(String(request.headers.oidc_claim_preferred_username ?? ''));
    const remoteUser = escapeHtml(String(request.headers['x-remote-user'] ?? ''));
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><title>Upstream app</title><h1>Hello, <span id="preferred-username">${claim}</span></h1>` +
        `<p>REMOTE_USER: <span id="remote-user">${remoteUser}</span></p>`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, received };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
